/**
 * @jest-environment jsdom
 */
import { escapeHtml } from './escapeHtml';

describe('escapeHtml', () => {
  it('turns markup into text that a browser shows as written', () => {
    expect(escapeHtml('<a href=//evil>click</a><img src=x onerror=alert(1)>')).toBe(
      '&lt;a href=//evil&gt;click&lt;/a&gt;&lt;img src=x onerror=alert(1)&gt;'
    );
  });

  it('escapes ampersands first, so entities already in the text stay visible as typed', () => {
    expect(escapeHtml('&lt; & "quoted" \'single\'')).toBe('&amp;lt; &amp; &quot;quoted&quot; &#39;single&#39;');
  });

  it('leaves text without markup characters unchanged, unicode included', () => {
    expect(escapeHtml('plc-1 wrote registers 9-40 (FC 16) 区域 🏭')).toBe('plc-1 wrote registers 9-40 (FC 16) 区域 🏭');
  });

  it('round-trips through the DOM: the parsed text is the original', () => {
    const hostile = '<script>alert(1)</script><b onmouseover="x">bold</b> & \'q\'';
    const element = document.createElement('div');
    element.innerHTML = escapeHtml(hostile);
    expect(element.textContent).toBe(hostile);
    expect(element.children).toHaveLength(0);
  });
});
