import { CodeSnippet, InfoCard } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { projectRepository } from '@mx-backstage/plugin-mx-common';
import { useState } from 'react';

/**
 * The project's repository: how to clone it and, on MX's local git host, how to push with plain
 * git (user name: anything, password: the signed-in person's Backstage token).
 */
export const RepositoryCard = () => {
  const { entity } = useEntity();
  const identityApi = useApi(identityApiRef);
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const repo = projectRepository(entity.metadata.annotations);
  if (!repo) return null;

  const copyToken = async () => {
    try {
      const { token } = await identityApi.getCredentials();
      if (!token) throw new Error('no token');
      await window.navigator.clipboard.writeText(token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <InfoCard title="Repository">
      <CodeSnippet
        text={`git clone ${repo.cloneUrl}`}
        language="shell"
        showCopyCodeButton
      />
      {repo.localGitHost && (
        <div style={{ marginTop: 16 }}>
          <Typography variant="body2" paragraph>
            To push, git asks for a user name (type anything) and a password:
            your Backstage token. It is valid for about an hour; copy a fresh
            one when git says &quot;Authentication failed&quot;.
          </Typography>
          <Button variant="outlined" color="primary" onClick={copyToken}>
            Copy my token for git push
          </Button>
          {copied === 'yes' && (
            <Typography
              variant="body2"
              component="span"
              style={{ marginLeft: 12 }}
            >
              Copied. Paste it as the password.
            </Typography>
          )}
          {copied === 'failed' && (
            <Typography
              variant="body2"
              component="span"
              color="error"
              style={{ marginLeft: 12 }}
            >
              Could not copy the token: sign in again, or allow clipboard
              access.
            </Typography>
          )}
        </div>
      )}
    </InfoCard>
  );
};
