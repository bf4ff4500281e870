/**
 * docgate-watermark.js: loaded by docgate.js for pages with `data-watermark` and only for them
 * (the watermark is ≈1 KB gzip; the file every page loads has a 10 KB budget). It hands the
 * watermark to the script tag, which starts it for the signed-in reader.
 */
import { watermark } from './watermark.js';

window.docgate?.('watermark', watermark);
