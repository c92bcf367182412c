const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_RECORD_SIZE = 22;
const LONGEST_COMMENT = 0xffff;
const ZIP64 = 0xffffffff;

/**
 * The bytes a zip holds once unpacked, from the sizes its central directory declares; undefined when
 * the directory cannot be read (not a zip, cut short, ZIP64). Read before the workbook is loaded:
 * exceljs keeps the whole unpacked workbook in memory, so a small zip that unpacks to gigabytes would
 * take the node down.
 */
export function unpackedZipSize(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.length - END_RECORD_SIZE - LONGEST_COMMENT);
  let end = -1;
  for (let at = bytes.length - END_RECORD_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (at === ZIP64) return undefined;
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY) return undefined;
    const unpacked = view.getUint32(at + 24, true);
    if (unpacked === ZIP64) return undefined;
    total += unpacked;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}
