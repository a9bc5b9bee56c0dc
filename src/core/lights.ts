// A traffic light or an indicator status on a card: a coloured mark before the word, the text
// itself in the default colour (yellow and light-green text on white cannot be read), red also
// in the attention colour. One source for the provider's light and the indicators' status.
export type LightColor = 'gron' | 'gul' | 'rod' | 'ingen';

const MARK: Record<LightColor, string> = { gron: '🟢', gul: '🟡', rod: '🔴', ingen: '⚪' };

export const lightMark = (color: LightColor): string => MARK[color];
export const lightTextColor = (color: LightColor): 'Attention' | 'Default' => (color === 'rod' ? 'Attention' : 'Default');
