/**
 * Whether text on a bot's brand colour should be light or dark: white unless it falls below
 * WCAG's 4.5:1 on that colour (a pale brand), then near-black. Tenants pick any colour; the
 * header's name, notice and buttons must stay readable on it.
 */
export function textOnBrand(color: string): "light" | "dark" {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return "light";
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05) >= 4.5 ? "light" : "dark";
}
