import type { ChangelogService, GithubPayload } from './changelog.js';
import type { ReviewService } from './reviews.js';
import type { SmokeService, WorkflowRunPayload } from './smoke.js';
import type { DeliveryOutcome } from './workItems.js';

/** One GitHub delivery to the service that reads it: merges, reviews, smoke runs. */
export async function githubDelivery(
  services: { changelog: ChangelogService; reviews: ReviewService; smoke: SmokeService },
  _deliveryId: string,
  event: string,
  payload: GithubPayload & WorkflowRunPayload,
): Promise<DeliveryOutcome> {
  switch (event) {
    case 'workflow_run':
      return services.smoke.workflowRun(payload);
    case 'pull_request_review':
      return services.reviews.review(payload);
    case 'pull_request': {
      // A merge is a changelog entry; every change also updates what the review watch knows.
      const merged = await services.changelog.githubDelivery(event, payload);
      if (merged.kind === 'unknown') return merged;
      const watched = await services.reviews.pullRequest(payload);
      return merged.kind === 'applied' || merged.kind === 'duplicate' || watched === null ? merged : watched;
    }
    default:
      return services.changelog.githubDelivery(event, payload);
  }
}
