/**
 * Which US state a text mentions: the first state name in it, as a whole word and capitalised (a
 * proper noun). Where two names start at the same place the longer wins ("West Virginia", not
 * "Virginia"), and "Washington, D.C." is the capital, not the state.
 *
 * @module
 */

/** The 50 states. */
export const STATES: ReadonlyArray<string> = [
  "Alabama",
  "Alaska",
  "Arizona",
  "Arkansas",
  "California",
  "Colorado",
  "Connecticut",
  "Delaware",
  "Florida",
  "Georgia",
  "Hawaii",
  "Idaho",
  "Illinois",
  "Indiana",
  "Iowa",
  "Kansas",
  "Kentucky",
  "Louisiana",
  "Maine",
  "Maryland",
  "Massachusetts",
  "Michigan",
  "Minnesota",
  "Mississippi",
  "Missouri",
  "Montana",
  "Nebraska",
  "Nevada",
  "New Hampshire",
  "New Jersey",
  "New Mexico",
  "New York",
  "North Carolina",
  "North Dakota",
  "Ohio",
  "Oklahoma",
  "Oregon",
  "Pennsylvania",
  "Rhode Island",
  "South Carolina",
  "South Dakota",
  "Tennessee",
  "Texas",
  "Utah",
  "Vermont",
  "Virginia",
  "Washington",
  "West Virginia",
  "Wisconsin",
  "Wyoming",
];

const alternatives = [...STATES]
  .sort((a, b) => b.length - a.length)
  .map((s) => s === "Washington" ? "Washington(?!,? D\\.? ?C\\b)" : s.replace(" ", "\\s+"));
const MENTION = new RegExp(`\\b(?:${alternatives.join("|")})\\b`);

/**
 * The state a text mentions first, or undefined when it names none.
 *
 * @example
 * ```ts
 * import { findState } from "./states.ts";
 * findState("Storms hit West Virginia and Ohio"); // => "West Virginia"
 * findState("Talks in Washington, D.C. with Oregon officials"); // => "Oregon"
 * findState("A quiet day"); // => undefined
 * ```
 */
export const findState = (text: string): string | undefined => {
  const found = MENTION.exec(text)?.[0];
  return found === undefined ? undefined : found.replace(/\s+/, " ");
};
