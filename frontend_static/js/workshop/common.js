// What the facilitator and the projector pages share: finding the workshop from the address, loading its
// snapshot and following it over the projector socket (staff or the workshop's creator).
import { ApiError, api } from "../api.js";
import { follow } from "../live.js";
import { WorkshopState } from "./state.js";

/** The workshop named by ?id= or ?code= in the address; throws a 404 ApiError when neither fits. */
export async function workshopFromAddress() {
  const params = new URLSearchParams(location.search);
  const id = Number.parseInt(params.get("id") || "", 10);
  if (id > 0) return api.get(`/api/workshops/${id}`);
  const code = params.get("code");
  if (code) return api.get(`/api/workshops/code/${encodeURIComponent(code)}`);
  throw new ApiError(404, { code: "workshop_not_found" });
}

/** Load the snapshot and follow the projector socket; apply(change, event) returns an announcement. */
export async function followAsFacilitator(workshop, { apply, onStatus }) {
  const state = new WorkshopState();
  state.load(await api.get(`/api/workshops/${workshop.id}/snapshot`));
  const live = follow(`workshop:${workshop.id}`, {
    path: `/api/workshops/${workshop.id}/projector/ws`,
    snapshots: true,
    apply(event) {
      const change = state.apply(event);
      return change ? apply(change, event) : null;
    },
    onStatus,
  });
  live.ready();
  return { state, live };
}

export function projectorUrl(workshop) {
  return `/beamer.html?id=${workshop.id}`;
}

export function facilitatorUrl(workshop) {
  return `/werkstatt-leitung.html?id=${workshop.id}`;
}

/** The moderators' queue (built by the moderation pages; linked, not embedded). */
export const MODERATION_QUEUE_URL = "/moderation.html";
