export * from '../testUtils/standIns';
