export * from '../testing/standIns';
