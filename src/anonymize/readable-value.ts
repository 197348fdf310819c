/**
 * A finding's value as detection read it. The analyzer finds spans in a folded and decoded view
 * of the text ("1985&#45;03&#45;14", "4111&nbsp;1111..."), so an operator that rebuilds the value
 * in its own format must read the same view: working on the escapes as written turns them into
 * new, broken escapes ("&#45;" -> "&#13;").
 */
import { foldText, readableView } from '../detect/normalize.js';

/** `value` folded and with its escapes decoded; `value` itself when it holds none. */
export function readableValue(value: string): string {
  const folded = foldText(value);
  return readableView(folded)?.text ?? folded;
}
