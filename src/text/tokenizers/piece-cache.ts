/**
 * Token ids of recently seen pre-tokenized pieces. Natural text repeats a small set of pieces
 * (words with their leading space), so most pieces are found here without UTF-8 encoding or
 * merging. The cache is cleared when full: results never depend on it, only speed does.
 */
export class PieceCache {
  private map = new Map<string, readonly number[]>();
  private readonly maxEntries: number;
  private readonly maxPieceLength: number;

  constructor(maxEntries = 200_000, maxPieceLength = 48) {
    this.maxEntries = maxEntries;
    this.maxPieceLength = maxPieceLength;
  }

  get(piece: string): readonly number[] | undefined {
    return this.map.get(piece);
  }

  set(piece: string, ids: readonly number[]): void {
    if (piece.length > this.maxPieceLength) return;
    if (this.map.size >= this.maxEntries) this.map = new Map();
    this.map.set(piece, ids);
  }
}
