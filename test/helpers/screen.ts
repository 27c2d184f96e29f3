/** Reading what a terminal shows after the progress line's redraws. */

/** Erase-line sequence the progress line starts every redraw with. */
export const REDRAW = '\r\x1b[2K';

/** What the screen shows at the end: each redraw replaces the line it is on. */
export function finalScreen(screen: string): string[] {
  return screen
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.split(REDRAW).at(-1) ?? '')
    .filter((line) => line !== '');
}
