/** Block structure as mdast and as weft's scanner see it, for differential tests. */
import type { Nodes, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { scanBlocks } from '../../../../src/tasks/blocks.js';
import { ContentLines, FileLines, type Lines, splitText } from '../../../../src/tasks/lines.js';

export function mdastShapes(text: string): string[] {
  const tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const source = text.split('\n');
  const out: string[] = [];
  const walk = (nodes: RootContent[]): void => {
    for (const n of nodes) {
      const at = `${n.position?.start.line}:${n.position?.start.column}`;
      if (n.type === 'heading') out.push(`heading ${n.depth} @${at}`);
      else if (n.type === 'list') {
        for (const [k, item] of n.children.entries()) {
          const box = item.checked === true ? 'x' : item.checked === false ? ' ' : '-';
          // An end at column 1 of a non-empty line is exclusive: the item ended on the line before.
          const end = item.position?.end ?? { line: 0, column: 0 };
          let endLine = end.column === 1 && (source[end.line - 1] ?? '') !== '' ? end.line - 1 : end.line;
          // After an unclosed fence mdast ends an item inside the next item's marker.
          const next = n.children[k + 1]?.position?.start.line;
          if (next !== undefined && endLine >= next) endLine = next - 1;
          out.push(`item ${box} @${item.position?.start.line}:${item.position?.start.column}-${endLine}`);
          walk(item.children);
        }
      } else if (n.type === 'code') {
        const line = source[(n.position?.start.line ?? 1) - 1] ?? '';
        if (/^(```|~~~)/.test(line.slice((n.position?.start.column ?? 1) - 1))) {
          out.push(`fence ${(n.lang ?? '').toLowerCase()} @${at}`);
        }
      } // mdast starts an html node at column 1 even when indented: compare lines only.
      else if (n.type === 'html' && n.value.trimStart().startsWith('<!--'))
        out.push(`comment @${n.position?.start.line}`);
      // Block quotes are prose for weft; nothing inside them is a task.
      else if ('children' in n && n.type !== 'paragraph' && n.type !== 'blockquote')
        walk((n as Nodes & { children: RootContent[] }).children);
    }
  };
  walk(tree.children);
  return out;
}

export function scannerShapes(text: string): string[] {
  const out: string[] = [];
  const walk = (lines: Lines): void => {
    for (const b of scanBlocks(lines)) {
      const first = lines.text(b.start);
      const at = `${lines.line(b.start)}:${lines.column(b.start) + first.length - first.trimStart().length}`;
      if (b.kind === 'heading') out.push(`heading ${b.level} @${at}`);
      else if (b.kind === 'fence') out.push(`fence ${b.lang} @${at}`);
      else if (b.kind === 'comment') out.push(`comment @${lines.line(b.start)}`);
      else if (b.kind === 'item') {
        out.push(
          `item ${b.checkbox ?? '-'} @${lines.line(b.start)}:${b.markerColumn}-${lines.line(b.end - 1)}`,
        );
        walk(new ContentLines(b.content));
      }
    }
  };
  walk(new FileLines(splitText(text), 1));
  return out;
}
