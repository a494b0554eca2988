/*
 * http_api_event.h - what the two files of the events API share
 * (http_api_event.c: events, participants, requests;
 * http_api_event_plan.c: the schedule, table plan, agendas, notices):
 * the JSON forms of the records and the lookups of path ids.
 */
#ifndef HK_HTTP_API_EVENT_H
#define HK_HTTP_API_EVENT_H

#include "http/http_int.h"
#include "store/store_event.h"

/* Reads an event body (create, or a merged patch) strictly into e
 * (zeroed first; hk_event_free it either way), validated. */
int http_event_from_json(const json_t *o, hk_event *e, hk_err *err);
json_t *http_event_json(const hk_event *e);
/* Slot i as {"slot", "day", "starts", "ends", "starts_at", "ends_at"}. */
json_t *http_event_slot_json(const event_slot *s, size_t i);
/* {"id", "org_id", "org_name", "country", "person"}. */
json_t *http_participant_brief(const event_participant *p);
json_t *http_participant_json(const event_participant *p);
json_t *http_request_json(const event_request *r);
/* Event ids[0] into *e; -1 with the problem in resp. */
int http_event_load(http_req *req, http_resp *resp, hk_event *e);
/* Participant ids[1] of event ids[0] into *p; -1 with a 404 otherwise. */
int http_event_participant(http_req *req, http_resp *resp, event_participant *p);

void api_events_list(http_req *req, http_resp *resp);
void api_event_get(http_req *req, http_resp *resp);
void api_event_create(http_req *req, http_resp *resp);
void api_event_update(http_req *req, http_resp *resp);
void api_event_participants(http_req *req, http_resp *resp);
void api_event_register(http_req *req, http_resp *resp);
void api_event_participant_put(http_req *req, http_resp *resp);
void api_event_unregister(http_req *req, http_resp *resp);
void api_event_requests(http_req *req, http_resp *resp);
void api_event_request_send(http_req *req, http_resp *resp);
void api_event_request_accept(http_req *req, http_resp *resp);
void api_event_request_decline(http_req *req, http_resp *resp);
void api_event_request_cancel(http_req *req, http_resp *resp);
void api_event_schedule_run(http_req *req, http_resp *resp);
void api_event_schedule(http_req *req, http_resp *resp);
void api_event_agenda(http_req *req, http_resp *resp);
void api_event_agenda_ics(http_req *req, http_resp *resp);
void api_event_notices(http_req *req, http_resp *resp);
void api_event_notice_read(http_req *req, http_resp *resp);

#endif
