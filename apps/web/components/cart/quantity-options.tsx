/** The choices of a quantity `<select>`: 1 to `max`. Used by the product page and the cart's lines. */
export function QuantityOptions({ max }: { max: number }) {
  return Array.from({ length: max }, (_, i) => i + 1).map((n) => (
    <option key={n} value={n}>
      {n}
    </option>
  ));
}
