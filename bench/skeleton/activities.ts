/** The skeleton's activities: the real ones' names, no work (see ./workflows.ts). */
export const skeletonActivities = {
  async loadItemPage(after: number, size: number, total = Infinity): Promise<number[]> {
    return Array.from({ length: size }, (_, i) => after + 1 + i).filter((n) => n <= total);
  },
  async prepareItem(item: number): Promise<number> {
    return item;
  },
  async createStopSaleHeader(item: number): Promise<number> {
    return item;
  },
  async attachStopSaleChildren(item: number): Promise<number> {
    return item;
  },
  async completeItem(item: number): Promise<number> {
    return item;
  },
  async finishRun(total: number): Promise<number> {
    return total;
  },
};

export type SkeletonActivities = typeof skeletonActivities;
