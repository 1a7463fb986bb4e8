// make bench: typst's time per page for the notice grantdoc draws, in one
// warm process (typst-ts-node-compiler; never a dependency of grantdoc).
//
//   node typst.js RECORDS.json FONTDIR...
//
// RECORDS.json: [{applicant, title, id, pi, award, seq}, …], one notice
// each, all compiled to PDF in memory after one warm-up compile. Prints one
// JSON line: documents, pages, CPU ms (user + system of this process).
'use strict';
const fs = require('fs');
const path = require('path');
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const records = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const fontPaths = process.argv.slice(3);
const template = fs.readFileSync(path.join(__dirname, 'notice.typ'), 'utf8');
const typstText = (s) => String(s).replace(/[\\#*_`$<>@\[\]]/g, (c) => '\\' + c);
const fill = (r) => template.replace(/\{\{(\w+)\}\}/g, (_, k) => typstText(r[k.toLowerCase()]));

const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths }] });
compiler.pdf({ mainFileContent: fill(records[0]) });
const pagesOf = (pdf) => (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;

const before = process.cpuUsage();
let pages = 0;
for (const r of records)
  pages += pagesOf(compiler.pdf({ mainFileContent: fill(r) }));
const used = process.cpuUsage(before);
console.log(JSON.stringify({ documents: records.length, pages, cpu_ms: (used.user + used.system) / 1000 }));
