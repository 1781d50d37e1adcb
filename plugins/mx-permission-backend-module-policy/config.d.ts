export interface Config {
  mx?: {
    permissions?: {
      /**
       * Group entity refs (e.g. `group:default/ml-engineers`) whose members may create ML
       * projects (run the ml-project template's create step). Unset: every signed-in user.
       */
      creators?: string[];
    };
  };
}
