// Rasterises one SVG (stdin) to PNG (stdout) with resvg, in its own process: resvg is
// native code, and should an unforeseen drawing make it abort, only this process dies,
// never the server holding live rooms. Arguments: zoom, then font files.
import { Resvg } from '@resvg/resvg-js';

const [zoom, ...fontFiles] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const resvg = new Resvg(Buffer.concat(chunks).toString('utf8'), {
  fitTo: { mode: 'zoom', value: Number(zoom) },
  font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
});
process.stdout.write(resvg.render().asPng());
