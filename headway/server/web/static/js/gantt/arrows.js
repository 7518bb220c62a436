// Elbow paths for dependency arrows, from the predecessor's end to the successor's end.
const GAP = 8;

/** An SVG path from (x1,y1) to (x2,y2); fromStart/toFinish say which ends of the bars are linked. */
export function arrowPath(x1, y1, x2, y2, fromStart = false, toFinish = false) {
  const out = fromStart ? x1 - GAP : x1 + GAP;
  const into = toFinish ? x2 + GAP : x2 - GAP;
  const canGoStraight = fromStart === toFinish ? (toFinish ? out >= into : out <= into) : false;
  if (canGoStraight || (!fromStart && !toFinish && x2 >= x1 + 2 * GAP)) {
    return `M${x1},${y1}H${out}V${y2}H${x2}`;
  }
  const mid = y2 > y1 ? y2 - 14 : y2 + 14;
  return `M${x1},${y1}H${out}V${mid}H${into}V${y2}H${x2}`;
}
