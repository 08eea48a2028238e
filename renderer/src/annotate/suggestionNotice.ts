import type { SuggestOutput } from '../../../app/api/schemas/annotations';

// The service asks the model first, so an atlas answer means the project has no run with a checkpoint yet.
const SOURCE_TEXT = {
  model: 'the model (patch-feature correspondence with the project checkpoint)',
  atlas: 'the atlas prior (mean landmark positions; model suggestions need a pretraining run with a checkpoint in this project)',
} as const;

/** What the annotator reads after asking for suggestions: how many, where they come from and why, what to do next. */
export function suggestionNotice(answer: Pick<SuggestOutput, 'available' | 'source' | 'reason' | 'points'>, shown: number): string {
  if (!answer.available || answer.source === null || answer.points.length === 0) return `No suggestions: ${answer.reason}`;
  if (shown === 0) return 'Every landmark is already placed or absent; nothing to suggest.';
  return `${shown} suggestion${shown === 1 ? '' : 's'} from ${SOURCE_TEXT[answer.source]}. ${answer.reason} Enter accepts all; drag one to accept it there; Esc dismisses.`;
}
