import { clipToScreen } from './drawTopology';

describe('clipToScreen', () => {
  it('keeps a segment that lies on the screen whole', () => {
    expect(clipToScreen(10, 10, 100, 50, 800, 600)).toEqual([0, 1]);
  });

  it('cuts a segment that crosses the screen to the part on it, a 16 px margin included', () => {
    const [from, to] = clipToScreen(-1000, 300, 3000, 0, 800, 600) ?? [NaN, NaN];
    expect(-1000 + 3000 * from).toBeCloseTo(-16);
    expect(-1000 + 3000 * to).toBeCloseTo(816);
  });

  it('leaves out a segment wholly off the screen', () => {
    expect(clipToScreen(-500, -500, 100, 0, 800, 600)).toBeUndefined();
    expect(clipToScreen(900, 10, 0, 100, 800, 600)).toBeUndefined();
  });
});
