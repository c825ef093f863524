// Regenerates offsets.json: Rust `tokenizers` offsets (via npm @anush008/tokenizers 0.6.0, code-point units) for
// every text of texts.json and offset_texts.json plus a few extra cases, for each tokenizer folder here.
// Run: npm install @anush008/tokenizers@0.6.0 (anywhere), then NODE_PATH=that/node_modules node gen_offsets.js FIXTURE_DIR
const { Tokenizer } = require('@anush008/tokenizers');
const fs = require('fs'), path = require('path'), zlib = require('zlib');
const dir = process.argv[2];
const extra = ["e\u0301x y", "Ame\u0301lie | A\u030Amx", "a\u0323\u0302b", "  héllo <s> 中文😀", "Hi <|im_end|> x", "\u00BD \uFB01 İ", ""];
(async () => {
  const texts = JSON.parse(fs.readFileSync(path.join(dir, 'texts.json'))).texts.map(t => t.text)
    .concat(JSON.parse(fs.readFileSync(path.join(dir, 'offset_texts.json'))).texts, extra);
  const out = {};
  for (const name of fs.readdirSync(dir).filter(n => fs.existsSync(path.join(dir, n, 'tokenizer.json.gz')))) {
    const tmp = path.join(require('os').tmpdir(), `offsets-${name}.json`);
    fs.writeFileSync(tmp, zlib.gunzipSync(fs.readFileSync(path.join(dir, name, 'tokenizer.json.gz'))));
    const tok = Tokenizer.fromFile(tmp);
    out[name] = [];
    for (const text of texts) {
      const enc = await tok.encode(text, null, { addSpecialTokens: true });
      out[name].push({ text, ids: Array.from(enc.getIds()), offsets: enc.getOffsets() });
    }
  }
  fs.writeFileSync(path.join(dir, 'offsets.json'), JSON.stringify({ source: "@anush008/tokenizers 0.6.0 (Rust tokenizers), offsets in code points, add_special_tokens=true", tokenizers: out }));
})();
