// The clean-up every process test (*.process.test.ts) needs, registered once per file: after each
// test the product it started is disposed of (what is left SIGKILLed, its data removed), then
// whatever else the test opened (a loopback model, an event stream) is closed.
import { afterEach } from "vitest";
import { startProduct, type Product } from "./product-harness.ts";

/**
 * Call at the top of a test file. `start` starts the product as startProduct does; `closeAfter`
 * adds something to close once the test ends, after the product.
 */
export function productPerTest() {
  let product: Product | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await product?.dispose();
    product = undefined;
    for (const close of closers.splice(0)) await close();
  });
  return {
    start: async (options: Parameters<typeof startProduct>[0]): Promise<Product> => (product = await startProduct(options)),
    closeAfter: (close: () => Promise<void>) => void closers.push(close),
  };
}
