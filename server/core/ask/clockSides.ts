/**
 * "Usage during work hours vs after hours", "prompts in business hours compared to outside business hours": one figure
 * inside the working hours and the same figure outside them, side by side (executeClockSides.ts). The comparison is
 * read as the question about working hours alone, then marked to be answered both ways.
 */
const INSIDE = String.raw`(?:(?:during|in|within|inside)\s+)?(?:the\s+)?(?:normal\s+|regular\s+|standard\s+|core\s+)?(?:business|working|work|office)\s+hours`;
const OUTSIDE = String.raw`(?:outside(?:\s+of)?\s+(?:the\s+)?(?:(?:normal|regular|standard|core)\s+)?(?:(?:business|working|work|office)\s+)?hours|outside\s+(?:of\s+)?them|(?:after|off|out[\s-]of)[\s-]hours|after\s+work|evenings?(?:\s+and\s+weekends?)?|nights?\s+and\s+weekends?)`;
const JOIN = String.raw`\s*(?:vs\.?|versus|compared\s+(?:to|with)|against|or|and|\/)\s*`;
const SIDES = new RegExp(String.raw`\b${INSIDE}${JOIN}${OUTSIDE}\b|\b${OUTSIDE}${JOIN}${INSIDE}\b`, 'i');

/** The question asked about working hours alone, or null when it does not set them against the hours outside. */
export function clockSidesAsked(text: string): string | null {
  const m = SIDES.exec(text);
  return m ? `${text.slice(0, m.index)}during business hours${text.slice(m.index + m[0].length)}` : null;
}
