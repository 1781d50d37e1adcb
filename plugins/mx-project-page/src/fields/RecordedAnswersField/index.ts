export { RecordedAnswersField } from './RecordedAnswersField';
export type { RecordedAnswersOptions } from './RecordedAnswersField';
