import QRCode from 'qrcode';

/**
 * The QR code of a link as an SVG data URL: error correction M (a smudged or creased card still
 * reads), a two-module quiet zone (the card's white margin adds more).
 */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
