// A post or comment body: text as written, mentions `@[Name](user:id)` shown as @Name.
const MENTION = /@\[([^\]]{1,80})\]\(user:[A-Za-z0-9-]{1,64}\)/g;

export function Body(props: { text: string }) {
  const parts: (string | { name: string })[] = [];
  let last = 0;
  for (const match of props.text.matchAll(MENTION)) {
    parts.push(props.text.slice(last, match.index));
    parts.push({ name: match[1] });
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(props.text.slice(last));
  return (
    <p class="body">
      {parts.map((part, i) => (typeof part === "string" ? part : <strong key={i} class="mention">@{part.name}</strong>))}
    </p>
  );
}
