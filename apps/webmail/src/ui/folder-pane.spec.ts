import { describe, expect, it } from 'vitest';
import { colorIndex } from './folder-pane.tsx';

describe('tag colours from other clients', () => {
  it('shows an off-palette colour as the nearest palette class', () => {
    expect(colorIndex('#1565C0')).toBe(5);
    expect(colorIndex('#1466c1')).toBe(5);
    expect(colorIndex('rojo')).toBe(0);
  });
});
