// The spam-training feed fed by users' $junk / $notjunk verdicts.
export {
  SpamFeedback,
  type AfterFlagChange,
  type FlagChangeObserver,
  type PendingFlagChange,
  type SpamFeedbackItem,
} from './spam-feedback.js';
export { verdictOfChange } from './verdict.js';
