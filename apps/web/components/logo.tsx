/**
 * The app's mark and name. The mark is the favicon (app/icon.svg, which Next serves at /icon.svg), so
 * that it is drawn in one place; it is decoration beside the name, hence no alternative text.
 */
export function Logo({ size = "md" }: { size?: "md" | "lg" }) {
  const pixels = size === "lg" ? 32 : 24;
  return (
    <span
      className={`inline-flex items-center gap-2 font-semibold tracking-tight text-ink ${size === "lg" ? "text-xl" : ""}`}
    >
      {/* biome-ignore lint/performance/noImgElement: next/image writes an inline style, which the Content Security Policy refuses */}
      <img src="/icon.svg" alt="" width={pixels} height={pixels} />
      Todo
    </span>
  );
}
