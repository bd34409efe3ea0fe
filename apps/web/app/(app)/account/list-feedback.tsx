import { Button } from "@/components/button";
import { Notice } from "@/components/notice";

/** What the last action on a list came to, shown above it. */
export interface Feedback {
  tone: "success" | "error";
  text: string;
}

/** The outcome of the last action, in regions that exist before it so that screen readers announce it. */
export function ListFeedback({ feedback }: { feedback: Feedback | null }) {
  return (
    <>
      <div role="status" className="text-sm text-success">
        {feedback?.tone === "success" && feedback.text}
      </div>
      <div role="alert" className="text-sm text-danger">
        {feedback?.tone === "error" && feedback.text}
      </div>
    </>
  );
}

/** A list that could not be loaded: why, and a way to try again. */
export function LoadFailure({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="space-y-3">
      <Notice tone="error">{message}</Notice>
      <Button onClick={onRetry}>Try again</Button>
    </div>
  );
}
