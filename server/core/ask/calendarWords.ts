/**
 * Words that name a time of the calendar (months, weekdays, "weekend", "holidays", "quarter"): never a person looked
 * up, even where the period reader left them ("compare Monday with Friday …"). A full name the directory holds ("June
 * Lee") is matched before, as a whole, and stays that person.
 */
export const CALENDAR_WORDS: ReadonlySet<string> = new Set(
  `january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
  mondays tuesdays wednesdays thursdays fridays saturdays sundays
  weekend weekends weekday weekdays holiday holidays fortnight quarter quarters
  christmas xmas thanksgiving easter yesterday today tomorrow tonight`.split(/\s+/),
);
