/**
 * Which text encoding a file's bytes are in. Spreadsheets export UTF-8 with or without a byte-order
 * mark, UTF-16 with a mark ("Unicode text"), and Chinese Excel saves "CSV" in GBK, which GB18030 decodes
 * (it is a superset). Rule: a byte-order mark decides; otherwise valid UTF-8 is UTF-8 (plain ASCII
 * included); anything else is taken as GB18030.
 */
export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export type DetectedEncoding = { encoding: Encoding; bom: boolean };

export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  return { encoding: isUtf8Prefix(sample) ? 'utf-8' : 'gb18030', bom: false };
}

/** Whether the bytes are valid UTF-8, allowing a sequence cut off at the very end (a sample's edge). */
export function isUtf8Prefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * A streaming decoder for the encoding. UTF-8 is strict: a file that turns out not to be UTF-8 further
 * on fails with a clear message instead of filling the database with replacement characters. The
 * byte-order mark is dropped.
 */
export function createDecoder(encoding: Encoding): {
  write: (bytes: Uint8Array) => string;
  end: () => string;
} {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let offset = 0;
  const fail = (): never => {
    throw new Error(
      `The file is not valid UTF-8 (near byte ${offset.toLocaleString('en-US')}). Save it as UTF-8, or set the encoding (e.g. gb18030) in the mapping's formats.`,
    );
  };
  return {
    write: (bytes) => {
      try {
        const s = decoder.decode(bytes, { stream: true });
        offset += bytes.length;
        return s;
      } catch {
        return fail();
      }
    },
    end: () => {
      try {
        return decoder.decode();
      } catch {
        return fail();
      }
    },
  };
}

/** Decodes a whole buffer. */
export function decodeAll(bytes: Uint8Array, encoding: Encoding): string {
  const d = createDecoder(encoding);
  return d.write(bytes) + d.end();
}
