// Fails the build when the committed API types differ from the ones generated from the current spec.
import { readFileSync } from "node:fs";

const [committed, generated] = process.argv.slice(2);
const read = (path) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};
if (read(committed) !== read(generated)) {
  console.error(
    `${committed} is out of date with the API's OpenAPI document.\n` +
      "Run `make web-types` and commit the result.",
  );
  process.exit(1);
}
