/*
 * store_schema_sqlite.c - the schema of the store of record in SQLite's
 * dialect, as an ordered list of migrations. store_schema_pg.c holds the
 * same list, version for version, in PostgreSQL's; store_migrate.c runs
 * whichever fits the store. tests/test_store_schema.c holds the two
 * resulting schemas equal, table by table.
 *
 * Policy (docs/store.md): migrations are append-only; a shipped one is
 * never edited. SQL stays plain (types, CHECKs, foreign keys, indexes).
 */
#include "store/store_int.h"

/* Enumeration columns hold model_enum_name values; the CHECKs list them
 * so a bad row cannot be written by any path, including plain SQL. */
static const char schema_v1[] =
    "CREATE TABLE schema_migrations ("
    "  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);"

    "CREATE TABLE countries ("
    "  iso2 TEXT PRIMARY KEY CHECK (length(iso2) = 2),"
    "  status TEXT NOT NULL CHECK (status IN ('member','observer','dialogue_partner','guest')),"
    "  name_en TEXT NOT NULL, name_ru TEXT NOT NULL, name_zh TEXT NOT NULL);"

    "CREATE TABLE organisations ("
    "  id INTEGER PRIMARY KEY,"
    "  registry_scheme TEXT, registry_id TEXT,"
    "  country TEXT NOT NULL REFERENCES countries(iso2),"
    "  city TEXT, lat REAL CHECK (lat BETWEEN -90 AND 90), lon REAL CHECK (lon BETWEEN -180 AND 180),"
    "  type TEXT NOT NULL CHECK (type IN ('enterprise','state_agency','research','university',"
    "    'business_association','cluster','financial','medical','other')),"
    "  size TEXT NOT NULL CHECK (size IN ('unknown','micro','small','medium','large')),"
    "  sme INTEGER NOT NULL CHECK (sme IN (0,1)),"
    "  website TEXT,"
    "  tier TEXT NOT NULL CHECK (tier IN ('self_declared','registry_checked','coordinator_endorsed')),"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1));"
    "CREATE INDEX organisations_country ON organisations(country);"
    "CREATE INDEX organisations_registry ON organisations(registry_scheme, registry_id);"

    "CREATE TABLE org_names ("
    "  org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, text TEXT NOT NULL, lang TEXT NOT NULL,"
    "  is_primary INTEGER NOT NULL CHECK (is_primary IN (0,1)),"
    "  PRIMARY KEY (org_id, pos));"

    "CREATE TABLE org_codes ("
    "  org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
    "  scheme TEXT NOT NULL CHECK (scheme IN ('hs','isic')),"
    "  pos INTEGER NOT NULL, code TEXT NOT NULL,"
    "  PRIMARY KEY (org_id, scheme, pos)) WITHOUT ROWID;"
    "CREATE INDEX org_codes_code ON org_codes(scheme, code);"

    "CREATE TABLE capabilities ("
    "  org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('process','equipment','capacity')),"
    "  text TEXT NOT NULL, amount REAL NOT NULL CHECK (amount >= 0), unit TEXT,"
    "  PRIMARY KEY (org_id, pos));"

    "CREATE TABLE certifications ("
    "  org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, name TEXT NOT NULL, scope TEXT, issued TEXT, expires TEXT,"
    "  PRIMARY KEY (org_id, pos));"

    "CREATE TABLE org_languages ("
    "  org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, lang TEXT NOT NULL,"
    "  PRIMARY KEY (org_id, pos)) WITHOUT ROWID;"

    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL UNIQUE,"
    "  display_name TEXT NOT NULL, password_hash TEXT,"
    "  role TEXT NOT NULL CHECK (role IN ('member','coordinator','financial','secretariat')),"
    "  country TEXT REFERENCES countries(iso2),"
    "  created_at INTEGER NOT NULL);"

    "CREATE TABLE memberships ("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
    "  is_admin INTEGER NOT NULL CHECK (is_admin IN (0,1)),"
    "  PRIMARY KEY (user_id, org_id)) WITHOUT ROWID;"
    "CREATE INDEX memberships_org ON memberships(org_id);"

    "CREATE TABLE listings ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  direction TEXT NOT NULL CHECK (direction IN ('offer','request')),"
    "  kind TEXT NOT NULL CHECK (kind IN ('coproduction','subcontracting','supply','technology',"
    "    'investment','research')),"
    "  status TEXT NOT NULL CHECK (status IN ('draft','published','closed','expired')),"
    "  deadline TEXT, expires TEXT,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, published_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  CHECK (status = 'draft' OR expires IS NOT NULL));"
    "CREATE INDEX listings_org ON listings(org_id);"
    "CREATE INDEX listings_status ON listings(status, expires);"

    "CREATE TABLE listing_texts ("
    "  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, lang TEXT NOT NULL,"
    "  origin TEXT NOT NULL CHECK (origin IN ('original','human','machine')),"
    "  title TEXT NOT NULL, description TEXT,"
    "  PRIMARY KEY (listing_id, pos));"

    "CREATE TABLE listing_codes ("
    "  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,"
    "  scheme TEXT NOT NULL CHECK (scheme IN ('hs','isic')),"
    "  pos INTEGER NOT NULL, code TEXT NOT NULL,"
    "  PRIMARY KEY (listing_id, scheme, pos)) WITHOUT ROWID;"
    "CREATE INDEX listing_codes_code ON listing_codes(scheme, code);"

    "CREATE TABLE listing_quantities ("
    "  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('quantity','capacity')),"
    "  amount REAL NOT NULL CHECK (amount > 0), unit TEXT NOT NULL, period TEXT,"
    "  PRIMARY KEY (listing_id, pos)) WITHOUT ROWID;"

    "CREATE TABLE listing_targets ("
    "  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, country TEXT NOT NULL REFERENCES countries(iso2),"
    "  PRIMARY KEY (listing_id, pos)) WITHOUT ROWID;"

    "CREATE TABLE interests ("
    "  id INTEGER PRIMARY KEY,"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id),"
    "  from_org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  from_user_id INTEGER NOT NULL REFERENCES users(id),"
    "  offered TEXT NOT NULL, sought TEXT NOT NULL, why TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('pending','accepted','declined')),"
    "  created_at INTEGER NOT NULL, decided_at INTEGER NOT NULL);"
    "CREATE INDEX interests_listing ON interests(listing_id);"
    "CREATE INDEX interests_from_org ON interests(from_org_id);"

    "CREATE TABLE messages ("
    "  id INTEGER PRIMARY KEY,"
    "  interest_id INTEGER NOT NULL REFERENCES interests(id),"
    "  author_id INTEGER NOT NULL REFERENCES users(id),"
    "  body TEXT NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE INDEX messages_interest ON messages(interest_id, id);"

    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL, actor_id INTEGER NOT NULL,"
    "  action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER NOT NULL, detail TEXT);"
    "CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);"

    /* The change log the in-memory index follows (store_changes_since).
     * Rows are only appended, so seq (the rowid) only grows. */
    "CREATE TABLE changes ("
    "  seq INTEGER PRIMARY KEY,"
    "  entity TEXT NOT NULL, entity_id INTEGER NOT NULL, op TEXT NOT NULL, at INTEGER NOT NULL);";

/* Saved searches and the notifications they and matching raise (BRIEF
 * 4.3, 4.4; src/store/store_saved.c). A notification is about one
 * listing (listing_id) for one user, raised either by a saved search
 * (saved_search_id) or by one of the user's organisation's own listings
 * that the listing matched (matched_listing_id). about_id repeats
 * whichever of the two applies, NOT NULL, so that the UNIQUE constraint
 * can say "never twice for the same (user, kind, search or own listing,
 * listing)": a UNIQUE over the nullable columns would not, since NULLs
 * are distinct in both SQLite and PostgreSQL. The CHECK keeps the copy
 * honest. Deleting a saved search deletes its notifications, so a later
 * search that reuses the id cannot be silenced by them. */
static const char schema_v2[] =
    "CREATE TABLE saved_searches ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, query TEXT NOT NULL, lang TEXT, filters TEXT,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX saved_searches_user ON saved_searches(user_id);"

    "CREATE TABLE notifications ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('saved_search','listing_match')),"
    "  saved_search_id INTEGER REFERENCES saved_searches(id) ON DELETE CASCADE,"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id),"
    "  matched_listing_id INTEGER REFERENCES listings(id),"
    "  about_id INTEGER NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, read_at INTEGER,"
    "  CHECK ((kind = 'saved_search' AND saved_search_id IS NOT NULL AND matched_listing_id IS NULL"
    "          AND about_id = saved_search_id) OR"
    "         (kind = 'listing_match' AND matched_listing_id IS NOT NULL AND saved_search_id IS NULL"
    "          AND about_id = matched_listing_id)),"
    "  UNIQUE (user_id, kind, about_id, listing_id));"
    /* The UNIQUE index starts with user_id and serves the unread checks;
     * this one serves "newest first" pages and the cascade. */
    "CREATE INDEX notifications_user ON notifications(user_id, id);"
    "CREATE INDEX notifications_saved_search ON notifications(saved_search_id);";

/* Accounts (docs/security.md): sessions and API tokens keep only keyed
 * hashes of their secrets, looked up by hash (sessions) or by the public
 * key id inside the token (API tokens); both go with their user.
 * Duplicate flags are reports for the secretariat: one per (organisation,
 * duplicate, user).
 *
 * The inbox kinds of notifications (an interest received or decided, a
 * message) need two more references, and SQLite cannot alter a CHECK, so
 * the table is rebuilt: created anew with the wider CHECK, the rows
 * copied (ids kept, so the live stream's Last-Event-ID stays valid), the
 * old table dropped and the new one renamed. Nothing references
 * notifications, so dropping it with foreign keys on is safe. about_id
 * stays the one NOT NULL column the UNIQUE constraint needs: the interest
 * for interest_received/interest_decided (one of each per interest and
 * user), the message for message. */
static const char schema_v3[] =
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL UNIQUE, csrf_hash TEXT NOT NULL,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL);"
    "CREATE INDEX sessions_user ON sessions(user_id);"

    "CREATE TABLE api_tokens ("
    "  id INTEGER PRIMARY KEY,"
    "  key_id TEXT NOT NULL UNIQUE, hash TEXT NOT NULL,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, last_used_at INTEGER, expires_at INTEGER, revoked_at INTEGER);"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);"

    "CREATE TABLE duplicate_flags ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  duplicate_of INTEGER NOT NULL REFERENCES organisations(id),"
    "  flagged_by INTEGER NOT NULL REFERENCES users(id),"
    "  note TEXT NOT NULL, created_at INTEGER NOT NULL,"
    "  CHECK (org_id <> duplicate_of),"
    "  UNIQUE (org_id, duplicate_of, flagged_by));"

    "CREATE TABLE notifications_new ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('saved_search','listing_match','interest_received',"
    "    'interest_decided','message')),"
    "  saved_search_id INTEGER REFERENCES saved_searches(id) ON DELETE CASCADE,"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id),"
    "  matched_listing_id INTEGER REFERENCES listings(id),"
    "  interest_id INTEGER REFERENCES interests(id),"
    "  message_id INTEGER REFERENCES messages(id),"
    "  about_id INTEGER NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, read_at INTEGER,"
    "  CHECK ((kind = 'saved_search' AND saved_search_id IS NOT NULL AND matched_listing_id IS NULL"
    "          AND interest_id IS NULL AND message_id IS NULL AND about_id = saved_search_id) OR"
    "         (kind = 'listing_match' AND matched_listing_id IS NOT NULL AND saved_search_id IS NULL"
    "          AND interest_id IS NULL AND message_id IS NULL AND about_id = matched_listing_id) OR"
    "         (kind IN ('interest_received','interest_decided') AND interest_id IS NOT NULL"
    "          AND message_id IS NULL AND saved_search_id IS NULL AND matched_listing_id IS NULL"
    "          AND about_id = interest_id) OR"
    "         (kind = 'message' AND interest_id IS NOT NULL AND message_id IS NOT NULL"
    "          AND saved_search_id IS NULL AND matched_listing_id IS NULL AND about_id = message_id)),"
    "  UNIQUE (user_id, kind, about_id, listing_id));"
    "INSERT INTO notifications_new(id, user_id, kind, saved_search_id, listing_id, matched_listing_id,"
    "  about_id, payload, created_at, read_at)"
    "  SELECT id, user_id, kind, saved_search_id, listing_id, matched_listing_id, about_id, payload,"
    "  created_at, read_at FROM notifications;"
    "DROP TABLE notifications;"
    "ALTER TABLE notifications_new RENAME TO notifications;"
    "CREATE INDEX notifications_user ON notifications(user_id, id);"
    "CREATE INDEX notifications_saved_search ON notifications(saved_search_id);";

/* The secretariat's labels and synonyms of existing taxonomy codes
 * (store_taxonomy.c), laid over data/taxonomy/ at every start. Codes are
 * not rows here: they live in the taxonomy files, and a row whose code
 * has left them is skipped at start, so there is no reference to check.
 * A NULL synonyms column means none in that language. */
static const char schema_v4[] =
    "CREATE TABLE taxonomy_labels ("
    "  scheme TEXT NOT NULL CHECK (scheme IN ('hs','isic')),"
    "  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 7),"
    "  label_en TEXT NOT NULL CHECK (label_en <> ''),"
    "  label_ru TEXT NOT NULL CHECK (label_ru <> ''),"
    "  label_zh TEXT NOT NULL CHECK (label_zh <> ''),"
    "  synonyms_en TEXT, synonyms_ru TEXT, synonyms_zh TEXT,"
    "  updated_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id),"
    "  PRIMARY KEY (scheme, code));";

/* Rules that hold with concurrent writers, and the followers' positions.
 * An organisation has at most one pending interest per listing: a partial
 * unique index says so, so two writers racing past the store's check
 * cannot both insert. A consumer (the index follower of a node, say)
 * keeps the last change log seq it applied, written in the same
 * transaction as the notifications it raised, so a restart resumes
 * there.
 *
 * The alerts consumer (src/engine/engine_follow.c) of a database that
 * already has a history starts at its newest change: the first start of
 * a server after this migration must not raise alerts for every listing
 * ever written. A database without changes gets no row (its position is
 * 0 either way), so that a new store stays empty of records, as `hamkor
 * copy` wants its destination. */
static const char schema_v5[] =
    "CREATE UNIQUE INDEX interests_one_pending ON interests(listing_id, from_org_id) WHERE status = 'pending';"
    "CREATE TABLE consumers ("
    "  name TEXT PRIMARY KEY,"
    "  seq INTEGER NOT NULL CHECK (seq >= 0),"
    "  updated_at INTEGER NOT NULL);"
    "INSERT INTO consumers(name, seq, updated_at)"
    "  SELECT 'alerts', last, CAST(strftime('%s', 'now') AS INTEGER)"
    "  FROM (SELECT max(seq) AS last FROM changes) AS newest WHERE last IS NOT NULL;";

/* Invitations and email checks (issue 17, finding 1). A member is no
 * longer added by an admin: an admin invites an email, and the person who
 * signs in with that email, once they have shown they own it, accepts or
 * declines. A user who registered through the API has an email_checks row
 * until they follow the link sent to them (verified_at set); a user the
 * operator made (hamkor user, the demo) has none and counts as verified.
 * audit_log_actor serves the daily cap on new organisations per user. */
static const char schema_v6[] =
    "CREATE TABLE email_checks ("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  sent_at INTEGER NOT NULL,"
    "  verified_at INTEGER);"
    "CREATE TABLE invitations ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
    "  email TEXT NOT NULL,"
    "  is_admin INTEGER NOT NULL CHECK (is_admin IN (0,1)),"
    "  invited_by INTEGER NOT NULL REFERENCES users(id),"
    "  status TEXT NOT NULL CHECK (status IN ('pending','accepted','declined','revoked')),"
    "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, decided_at INTEGER);"
    "CREATE UNIQUE INDEX invitations_one_pending ON invitations(org_id, email) WHERE status = 'pending';"
    "CREATE INDEX invitations_email ON invitations(email, status);"
    "CREATE INDEX audit_log_actor ON audit_log(actor_id, at);";

/* Joint projects and their financing (BRIEF 4.7; store_project*.c,
 * docs/projects.md). Only new tables: a project, its texts side by side,
 * partners (one row per organisation, work share in basis points so that
 * "sum to 100 %" is an exact integer sum), milestones, the accepted
 * interests it grew from (looked up from either side), the sign-offs of
 * its partners and the endorsements of its states (both voided by any
 * change of the content), documents (their bytes as base64 text, so that
 * both engines keep them through the drivers' text values), the
 * submissions to financial institutions with each one's decision, the
 * question threads of each submission, and the project notices that tell
 * whoever must act next. content_version counts changes of what partners
 * sign; version counts every change of the record (the ETag). */
static const char schema_v7[] =
    "CREATE TABLE projects ("
    "  id INTEGER PRIMARY KEY,"
    "  sector TEXT NOT NULL CHECK (sector IN ('finance','investment','industry','transport','energy',"
    "    'agriculture','other')),"
    "  state TEXT NOT NULL CHECK (state IN ('draft','signed_off','endorsed','submitted','implementation',"
    "    'completed','cancelled')),"
    "  budget REAL NOT NULL CHECK (budget >= 0),"
    "  currency TEXT NOT NULL CHECK (length(currency) = 3),"
    "  state_reason TEXT,"
    "  created_by INTEGER NOT NULL REFERENCES users(id),"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, state_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  content_version INTEGER NOT NULL CHECK (content_version >= 1));"
    "CREATE INDEX projects_state ON projects(state, budget);"

    "CREATE TABLE project_texts ("
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, lang TEXT NOT NULL,"
    "  origin TEXT NOT NULL CHECK (origin IN ('original','human','machine')),"
    "  title TEXT NOT NULL, summary TEXT,"
    "  PRIMARY KEY (project_id, pos));"

    "CREATE TABLE project_partners ("
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  role TEXT NOT NULL CHECK (role IN ('lead','coproducer','supplier','research','financier')),"
    "  share_bp INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),"
    "  money REAL NOT NULL CHECK (money >= 0), money_currency TEXT, in_kind TEXT,"
    "  PRIMARY KEY (project_id, pos),"
    "  UNIQUE (project_id, org_id));"
    "CREATE INDEX project_partners_org ON project_partners(org_id);"

    "CREATE TABLE project_milestones ("
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, title TEXT NOT NULL, due TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('planned','in_progress','done')),"
    "  evidence TEXT,"
    "  PRIMARY KEY (project_id, pos));"

    "CREATE TABLE project_interests ("
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
    "  interest_id INTEGER NOT NULL REFERENCES interests(id),"
    "  PRIMARY KEY (project_id, interest_id)) WITHOUT ROWID;"
    "CREATE INDEX project_interests_interest ON project_interests(interest_id);"

    "CREATE TABLE project_signoffs ("
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
    "  org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  content_version INTEGER NOT NULL, at INTEGER NOT NULL,"
    "  PRIMARY KEY (project_id, org_id));"

    "CREATE TABLE project_endorsements ("
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
    "  country TEXT NOT NULL REFERENCES countries(iso2),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (project_id, country));"

    "CREATE TABLE project_documents ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, content_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL CHECK (size > 0),"
    "  confidential INTEGER NOT NULL CHECK (confidential IN (0,1)),"
    "  sha256 TEXT NOT NULL, data TEXT NOT NULL,"
    "  uploaded_by INTEGER NOT NULL REFERENCES users(id),"
    "  uploaded_at INTEGER NOT NULL);"
    "CREATE INDEX project_documents_project ON project_documents(project_id, id);"

    "CREATE TABLE project_submissions ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
    "  institution_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  status TEXT NOT NULL CHECK (status IN ('pending','approved','declined')),"
    "  amount REAL CHECK (amount > 0), currency TEXT, reason TEXT,"
    "  submitted_by INTEGER NOT NULL REFERENCES users(id),"
    "  submitted_at INTEGER NOT NULL,"
    "  decided_by INTEGER REFERENCES users(id),"
    "  decided_at INTEGER,"
    "  CHECK ((status = 'pending' AND decided_at IS NULL) OR"
    "         (status = 'approved' AND amount IS NOT NULL AND currency IS NOT NULL AND decided_at IS NOT NULL) OR"
    "         (status = 'declined' AND reason IS NOT NULL AND decided_at IS NOT NULL)),"
    "  UNIQUE (project_id, institution_id));"
    "CREATE INDEX project_submissions_institution ON project_submissions(institution_id);"

    "CREATE TABLE project_questions ("
    "  id INTEGER PRIMARY KEY,"
    "  submission_id INTEGER NOT NULL REFERENCES project_submissions(id) ON DELETE CASCADE,"
    "  author_id INTEGER NOT NULL REFERENCES users(id),"
    "  body TEXT NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE INDEX project_questions_submission ON project_questions(submission_id, id);"

    "CREATE TABLE project_notices ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL, payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, read_at INTEGER);"
    "CREATE INDEX project_notices_user ON project_notices(user_id, id);";
/* The coordination mechanism (BRIEF 4.8; store_meeting.c,
 * store_initiative.c, store_measure.c): meetings with their texts side by
 * side, participating states and bodies, delegates, agenda items,
 * documents (restricted ones with the states and bodies that may read
 * them) and decisions; the chairmanship of each kind of meeting; the
 * initiatives of member states with their status history; the Action
 * Plan's measures with responsible states and bodies, links to
 * initiatives and meetings, and dated progress notes. Only new tables:
 * nothing earlier is touched. Whether a measure is overdue is not a
 * column: it follows from its status and deadline on the day it is read.
 * A meeting keeps its local start and IANA zone as announced, and the UTC
 * instant they give (starts_at) for ordering and the calendar feed. */
static const char schema_v8[] =
    "CREATE TABLE meetings ("
    "  id INTEGER PRIMARY KEY,"
    "  type TEXT NOT NULL CHECK (type IN ('industry_ministers','heads_of_government','expert','economic_forum','other')),"
    "  starts TEXT NOT NULL CHECK (length(starts) = 16),"
    "  tz TEXT NOT NULL,"
    "  starts_at INTEGER NOT NULL,"
    "  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 20160),"
    "  format TEXT NOT NULL CHECK (format IN ('in_person','videoconference','hybrid')),"
    "  place TEXT,"
    "  chair TEXT NOT NULL REFERENCES countries(iso2),"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1));"
    "CREATE INDEX meetings_type_starts ON meetings(type, starts_at);"
    "CREATE INDEX meetings_starts ON meetings(starts_at);"
    "CREATE TABLE meeting_texts ("
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, lang TEXT NOT NULL,"
    "  origin TEXT NOT NULL CHECK (origin IN ('original','human','machine')),"
    "  title TEXT NOT NULL, body TEXT,"
    "  PRIMARY KEY (meeting_id, pos));"
    "CREATE TABLE meeting_parties ("
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, country TEXT NOT NULL REFERENCES countries(iso2),"
    "  standing TEXT NOT NULL CHECK (standing IN ('member','observer','guest')),"
    "  PRIMARY KEY (meeting_id, pos),"
    "  UNIQUE (meeting_id, country)) WITHOUT ROWID;"
    "CREATE INDEX meeting_parties_country ON meeting_parties(country);"
    "CREATE TABLE meeting_bodies ("
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  body TEXT NOT NULL CHECK (body IN ('secretariat','business_council','interbank_association','energy_club','aiib','ndb','silk_road_fund')),"
    "  PRIMARY KEY (meeting_id, pos)) WITHOUT ROWID;"
    "CREATE TABLE meeting_delegates ("
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, name TEXT NOT NULL,"
    "  country TEXT REFERENCES countries(iso2),"
    "  body TEXT CHECK (body IN ('secretariat','business_council','interbank_association','energy_club','aiib','ndb','silk_road_fund')),"
    "  position TEXT,"
    "  CHECK ((country IS NULL) <> (body IS NULL)),"
    "  PRIMARY KEY (meeting_id, pos));"
    "CREATE TABLE meeting_items ("
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('agenda','document','decision')),"
    "  doc_type TEXT NOT NULL CHECK (doc_type IN ('none','communique','minutes','report','other')),"
    "  url TEXT,"
    "  restricted INTEGER NOT NULL CHECK (restricted IN (0,1)),"
    "  CHECK ((kind = 'document') = (doc_type <> 'none')),"
    "  CHECK (kind = 'document' OR restricted = 0),"
    "  PRIMARY KEY (meeting_id, pos));"
    "CREATE TABLE meeting_item_texts ("
    "  meeting_id INTEGER NOT NULL, item_pos INTEGER NOT NULL, pos INTEGER NOT NULL, lang TEXT NOT NULL,"
    "  origin TEXT NOT NULL CHECK (origin IN ('original','human','machine')),"
    "  title TEXT NOT NULL, body TEXT,"
    "  FOREIGN KEY (meeting_id, item_pos) REFERENCES meeting_items(meeting_id, pos) ON DELETE CASCADE,"
    "  PRIMARY KEY (meeting_id, item_pos, pos));"
    "CREATE TABLE meeting_item_access ("
    "  meeting_id INTEGER NOT NULL, item_pos INTEGER NOT NULL, pos INTEGER NOT NULL,"
    "  country TEXT REFERENCES countries(iso2),"
    "  body TEXT CHECK (body IN ('secretariat','business_council','interbank_association','energy_club','aiib','ndb','silk_road_fund')),"
    "  CHECK ((country IS NULL) <> (body IS NULL)),"
    "  FOREIGN KEY (meeting_id, item_pos) REFERENCES meeting_items(meeting_id, pos) ON DELETE CASCADE,"
    "  PRIMARY KEY (meeting_id, item_pos, pos)) WITHOUT ROWID;"
    "CREATE TABLE chair_terms ("
    "  id INTEGER PRIMARY KEY,"
    "  type TEXT NOT NULL CHECK (type IN ('industry_ministers','heads_of_government','expert','economic_forum','other')),"
    "  country TEXT NOT NULL REFERENCES countries(iso2),"
    "  from_date TEXT NOT NULL CHECK (length(from_date) = 10),"
    "  to_date TEXT CHECK (to_date IS NULL OR to_date >= from_date),"
    "  UNIQUE (type, from_date));"
    "CREATE TABLE initiatives ("
    "  id INTEGER PRIMARY KEY,"
    "  proposer TEXT NOT NULL REFERENCES countries(iso2),"
    "  meeting_id INTEGER REFERENCES meetings(id),"
    "  proposed_on TEXT NOT NULL CHECK (length(proposed_on) = 10),"
    "  expert_meeting_id INTEGER REFERENCES meetings(id),"
    "  status TEXT NOT NULL CHECK (status IN ('proposed','under_study','adopted','declined','withdrawn')),"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1));"
    "CREATE INDEX initiatives_proposer ON initiatives(proposer);"
    "CREATE INDEX initiatives_meeting ON initiatives(meeting_id);"
    "CREATE INDEX initiatives_expert_meeting ON initiatives(expert_meeting_id);"
    "CREATE TABLE initiative_texts ("
    "  initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, lang TEXT NOT NULL,"
    "  origin TEXT NOT NULL CHECK (origin IN ('original','human','machine')),"
    "  title TEXT NOT NULL, body TEXT,"
    "  PRIMARY KEY (initiative_id, pos));"
    "CREATE TABLE initiative_history ("
    "  initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('proposed','under_study','adopted','declined','withdrawn')),"
    "  on_date TEXT NOT NULL CHECK (length(on_date) = 10),"
    "  actor_id INTEGER REFERENCES users(id),"
    "  note TEXT,"
    "  recorded_at INTEGER NOT NULL,"
    "  PRIMARY KEY (initiative_id, seq));"
    "CREATE TABLE measures ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  deadline TEXT NOT NULL CHECK (length(deadline) = 10),"
    "  status TEXT NOT NULL CHECK (status IN ('not_started','in_progress','done','dropped')),"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1));"
    "CREATE INDEX measures_status_deadline ON measures(status, deadline);"
    "CREATE TABLE measure_texts ("
    "  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, lang TEXT NOT NULL,"
    "  origin TEXT NOT NULL CHECK (origin IN ('original','human','machine')),"
    "  title TEXT NOT NULL, body TEXT,"
    "  PRIMARY KEY (measure_id, pos));"
    "CREATE TABLE measure_states ("
    "  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, country TEXT NOT NULL REFERENCES countries(iso2),"
    "  PRIMARY KEY (measure_id, pos)) WITHOUT ROWID;"
    "CREATE INDEX measure_states_country ON measure_states(country, measure_id);"
    "CREATE TABLE measure_bodies ("
    "  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  body TEXT NOT NULL CHECK (body IN ('secretariat','business_council','interbank_association','energy_club','aiib','ndb','silk_road_fund')),"
    "  PRIMARY KEY (measure_id, pos)) WITHOUT ROWID;"
    "CREATE TABLE measure_initiatives ("
    "  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,"
    "  initiative_id INTEGER NOT NULL REFERENCES initiatives(id),"
    "  PRIMARY KEY (measure_id, initiative_id)) WITHOUT ROWID;"
    "CREATE INDEX measure_initiatives_initiative ON measure_initiatives(initiative_id, measure_id);"
    "CREATE TABLE measure_meetings ("
    "  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id),"
    "  PRIMARY KEY (measure_id, meeting_id)) WITHOUT ROWID;"
    "CREATE INDEX measure_meetings_meeting ON measure_meetings(meeting_id, measure_id);"
    "CREATE TABLE measure_notes ("
    "  id INTEGER PRIMARY KEY,"
    "  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,"
    "  on_date TEXT NOT NULL CHECK (length(on_date) = 10),"
    "  author_id INTEGER NOT NULL REFERENCES users(id),"
    "  country TEXT REFERENCES countries(iso2),"
    "  lang TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX measure_notes_measure ON measure_notes(measure_id, id);";

/* Reminders before a listing expires (issue 17): notifications gain the
 * kind listing_expiring, about the expiry date (about_id = YYYYMMDD, so a
 * listing renewed to a later date is reminded again), and an index from
 * the listing for the sweep's "not reminded yet". SQLite cannot change a
 * CHECK, so the table is rebuilt as migration 3 did. */
static const char schema_v9[] =
    "CREATE TABLE notifications_new ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('saved_search','listing_match','interest_received',"
    "    'interest_decided','message','listing_expiring')),"
    "  saved_search_id INTEGER REFERENCES saved_searches(id) ON DELETE CASCADE,"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id),"
    "  matched_listing_id INTEGER REFERENCES listings(id),"
    "  interest_id INTEGER REFERENCES interests(id),"
    "  message_id INTEGER REFERENCES messages(id),"
    "  about_id INTEGER NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, read_at INTEGER,"
    "  CHECK ((kind = 'saved_search' AND saved_search_id IS NOT NULL AND matched_listing_id IS NULL"
    "          AND interest_id IS NULL AND message_id IS NULL AND about_id = saved_search_id) OR"
    "         (kind = 'listing_match' AND matched_listing_id IS NOT NULL AND saved_search_id IS NULL"
    "          AND interest_id IS NULL AND message_id IS NULL AND about_id = matched_listing_id) OR"
    "         (kind IN ('interest_received','interest_decided') AND interest_id IS NOT NULL"
    "          AND message_id IS NULL AND saved_search_id IS NULL AND matched_listing_id IS NULL"
    "          AND about_id = interest_id) OR"
    "         (kind = 'message' AND interest_id IS NOT NULL AND message_id IS NOT NULL"
    "          AND saved_search_id IS NULL AND matched_listing_id IS NULL AND about_id = message_id) OR"
    "         (kind = 'listing_expiring' AND saved_search_id IS NULL AND matched_listing_id IS NULL"
    "          AND interest_id IS NULL AND message_id IS NULL AND about_id > 0)),"
    "  UNIQUE (user_id, kind, about_id, listing_id));"
    "INSERT INTO notifications_new(id, user_id, kind, saved_search_id, listing_id, matched_listing_id,"
    "  interest_id, message_id, about_id, payload, created_at, read_at)"
    "  SELECT id, user_id, kind, saved_search_id, listing_id, matched_listing_id, interest_id, message_id,"
    "  about_id, payload, created_at, read_at FROM notifications;"
    "DROP TABLE notifications;"
    "ALTER TABLE notifications_new RENAME TO notifications;"
    "CREATE INDEX notifications_user ON notifications(user_id, id);"
    "CREATE INDEX notifications_saved_search ON notifications(saved_search_id);"
    "CREATE INDEX notifications_listing ON notifications(listing_id, kind, about_id);";

/* Migration 10: the joint projects that serve measures of the plan and
 * initiatives (issue 13). Links only: projects are never deleted, so the
 * reference to one needs no cascade; a link goes with its measure or
 * initiative. Each table is indexed from the project's side too, for the
 * project's view of what it serves. */
static const char schema_v10[] =
    "CREATE TABLE measure_projects ("
    "  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,"
    "  project_id INTEGER NOT NULL REFERENCES projects(id),"
    "  PRIMARY KEY (measure_id, project_id)) WITHOUT ROWID;"
    "CREATE INDEX measure_projects_project ON measure_projects(project_id, measure_id);"
    "CREATE TABLE initiative_projects ("
    "  initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
    "  project_id INTEGER NOT NULL REFERENCES projects(id),"
    "  PRIMARY KEY (initiative_id, project_id)) WITHOUT ROWID;"
    "CREATE INDEX initiative_projects_project ON initiative_projects(project_id, initiative_id);";
/* Notifications by email (issue 18): each user's choice (immediately,
 * a daily digest, never) and the language of their mails, in a table of
 * its own (no row: never, English), and the outbox the follower sends
 * from. An outbox row of an immediate mail names its notification and is
 * rendered when sent; a digest is rendered when queued. sent_at NULL is
 * still to send; attempts and next_attempt_at pace the retries. */
static const char schema_v11[] =
    "CREATE TABLE mail_prefs ("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  pref TEXT NOT NULL CHECK (pref IN ('immediately','daily','never')),"
    "  lang TEXT NOT NULL CHECK (lang IN ('en','ru','zh')),"
    "  digest_at INTEGER);"
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('notification','digest')),"
    "  notification_id INTEGER REFERENCES notifications(id) ON DELETE SET NULL,"
    "  subject TEXT, body TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at INTEGER NOT NULL,"
    "  sent_at INTEGER, last_error TEXT);"
    "CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL;"
    "CREATE INDEX outbox_user ON outbox(user_id);"
    "CREATE INDEX outbox_notification ON outbox(notification_id);";

/* Migration 12: 1:1 meeting requests between partners (issue 14, BRIEF
 * 4.5; src/store/store_partner_meeting.c). A request is made from an
 * accepted expression of interest (interest_id set; either side asks) or
 * from a listing (interest_id NULL; another organisation asks the
 * listing's). Every proposal (the first one, round 1, and each
 * counter-proposal after it) keeps its 1 to 5 times in
 * partner_meeting_times, and every step (propose, counter, accept,
 * decline, cancel) is a row of partner_meeting_steps, so the whole history
 * stays. turn_org_id is the organisation whose answer is awaited while
 * the request is pending. The accepted time is copied into the request's
 * row (starts, tz, minutes, starts_at) when it is accepted, and stays
 * when an accepted meeting is cancelled (its calendar entry then says so).
 * Times are kept as announced (local "YYYY-MM-DDTHH:MM" and IANA zone)
 * with the UTC instant beside them.
 *
 * Notifications gain the kind partner_meeting, about one step (about_id
 * = the step's id, so every step tells anew), on the request's listing
 * and, when it came from one, its interest. SQLite cannot change a
 * CHECK, so the notifications table is rebuilt as migration 9 did. The
 * DROP of the old table is a DELETE for the foreign keys, which would set
 * the queued mails' notification_id (migration 11) to NULL: they are kept
 * aside and put back once the new table has the name. */
static const char schema_v12[] =
    "CREATE TABLE partner_meetings ("
    "  id INTEGER PRIMARY KEY,"
    "  interest_id INTEGER REFERENCES interests(id),"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id),"
    "  from_org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  to_org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  from_user_id INTEGER NOT NULL REFERENCES users(id),"
    "  status TEXT NOT NULL CHECK (status IN ('pending','accepted','declined','cancelled')),"
    "  turn_org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  round INTEGER NOT NULL CHECK (round >= 1),"
    "  place TEXT NOT NULL,"
    "  video_url TEXT NOT NULL,"
    "  starts TEXT CHECK (length(starts) = 16),"
    "  tz TEXT,"
    "  minutes INTEGER,"
    "  starts_at INTEGER,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  CHECK (from_org_id <> to_org_id),"
    "  CHECK (turn_org_id IN (from_org_id, to_org_id)),"
    "  CHECK ((status = 'accepted' AND starts IS NOT NULL AND tz IS NOT NULL AND minutes IS NOT NULL"
    "          AND starts_at IS NOT NULL) OR (status IN ('pending','declined') AND starts IS NULL) OR"
    "         status = 'cancelled'));"
    "CREATE INDEX partner_meetings_from ON partner_meetings(from_org_id, id);"
    "CREATE INDEX partner_meetings_to ON partner_meetings(to_org_id, id);"
    "CREATE INDEX partner_meetings_interest ON partner_meetings(interest_id, id);"
    "CREATE TABLE partner_meeting_steps ("
    "  id INTEGER PRIMARY KEY,"
    "  meeting_id INTEGER NOT NULL REFERENCES partner_meetings(id),"
    "  round INTEGER NOT NULL CHECK (round >= 1),"
    "  action TEXT NOT NULL CHECK (action IN ('propose','counter','accept','decline','cancel')),"
    "  actor_id INTEGER NOT NULL REFERENCES users(id),"
    "  org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  message TEXT NOT NULL,"
    "  place TEXT NOT NULL,"
    "  video_url TEXT NOT NULL,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX partner_meeting_steps_meeting ON partner_meeting_steps(meeting_id, id);"
    "CREATE TABLE partner_meeting_times ("
    "  meeting_id INTEGER NOT NULL REFERENCES partner_meetings(id),"
    "  round INTEGER NOT NULL CHECK (round >= 1),"
    "  pos INTEGER NOT NULL CHECK (pos BETWEEN 1 AND 5),"
    "  starts TEXT NOT NULL CHECK (length(starts) = 16),"
    "  tz TEXT NOT NULL,"
    "  minutes INTEGER NOT NULL CHECK (minutes > 0),"
    "  starts_at INTEGER NOT NULL,"
    "  PRIMARY KEY (meeting_id, round, pos)) WITHOUT ROWID;"
    "CREATE TABLE notifications_new ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('saved_search','listing_match','interest_received',"
    "    'interest_decided','message','listing_expiring','partner_meeting')),"
    "  saved_search_id INTEGER REFERENCES saved_searches(id) ON DELETE CASCADE,"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id),"
    "  matched_listing_id INTEGER REFERENCES listings(id),"
    "  interest_id INTEGER REFERENCES interests(id),"
    "  message_id INTEGER REFERENCES messages(id),"
    "  about_id INTEGER NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, read_at INTEGER,"
    "  CHECK ((kind = 'saved_search' AND saved_search_id IS NOT NULL AND matched_listing_id IS NULL"
    "          AND interest_id IS NULL AND message_id IS NULL AND about_id = saved_search_id) OR"
    "         (kind = 'listing_match' AND matched_listing_id IS NOT NULL AND saved_search_id IS NULL"
    "          AND interest_id IS NULL AND message_id IS NULL AND about_id = matched_listing_id) OR"
    "         (kind IN ('interest_received','interest_decided') AND interest_id IS NOT NULL"
    "          AND message_id IS NULL AND saved_search_id IS NULL AND matched_listing_id IS NULL"
    "          AND about_id = interest_id) OR"
    "         (kind = 'message' AND interest_id IS NOT NULL AND message_id IS NOT NULL"
    "          AND saved_search_id IS NULL AND matched_listing_id IS NULL AND about_id = message_id) OR"
    "         (kind = 'listing_expiring' AND saved_search_id IS NULL AND matched_listing_id IS NULL"
    "          AND interest_id IS NULL AND message_id IS NULL AND about_id > 0) OR"
    "         (kind = 'partner_meeting' AND saved_search_id IS NULL AND matched_listing_id IS NULL"
    "          AND message_id IS NULL AND about_id > 0)),"
    "  UNIQUE (user_id, kind, about_id, listing_id));"
    "INSERT INTO notifications_new(id, user_id, kind, saved_search_id, listing_id, matched_listing_id,"
    "  interest_id, message_id, about_id, payload, created_at, read_at)"
    "  SELECT id, user_id, kind, saved_search_id, listing_id, matched_listing_id, interest_id, message_id,"
    "  about_id, payload, created_at, read_at FROM notifications;"
    "CREATE TEMP TABLE outbox_notes AS SELECT id, notification_id FROM outbox WHERE notification_id IS NOT NULL;"
    "DROP TABLE notifications;"
    "ALTER TABLE notifications_new RENAME TO notifications;"
    "UPDATE outbox SET notification_id = (SELECT k.notification_id FROM temp.outbox_notes k WHERE k.id = outbox.id)"
    "  WHERE id IN (SELECT id FROM temp.outbox_notes);"
    "DROP TABLE temp.outbox_notes;"
    "CREATE INDEX notifications_user ON notifications(user_id, id);"
    "CREATE INDEX notifications_saved_search ON notifications(saved_search_id);"
    "CREATE INDEX notifications_listing ON notifications(listing_id, kind, about_id);";

/* Migration 13: events with matchmaking sessions (issue 14, BRIEF 4.6;
 * store_event.c, store_event_sched.c). An event (the SCO Economic Forum,
 * a side event of a coordination meeting) with its titles side by side,
 * its days and the breaks of each day, from which the time slots follow
 * (they are computed, not stored); participants (an organisation and the
 * person who registered it, their availability as a mask of slot
 * numbers, their meeting limit, auto-accept, the listings they bring);
 * meeting requests between participants; the schedule (one row per
 * request held: the slot, by its UTC start, and the table); each run of
 * the scheduler; and the notices that tell participants their meetings
 * were placed or moved. Only new tables. */
static const char schema_v13[] =
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('economic_forum','side_event','other')),"
    "  meeting_id INTEGER REFERENCES meetings(id),"
    "  organiser_org_id INTEGER REFERENCES organisations(id),"
    "  place TEXT, tz TEXT NOT NULL,"
    "  first_day TEXT NOT NULL CHECK (length(first_day) = 10),"
    "  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 14),"
    "  day_start TEXT NOT NULL CHECK (length(day_start) = 5),"
    "  day_end TEXT NOT NULL CHECK (length(day_end) = 5 AND day_end > day_start),"
    "  slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),"
    "  tables INTEGER NOT NULL CHECK (tables BETWEEN 1 AND 100000),"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1));"
    "CREATE INDEX events_first_day ON events(first_day, id);"
    "CREATE TABLE event_texts ("
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, lang TEXT NOT NULL, title TEXT NOT NULL, body TEXT,"
    "  PRIMARY KEY (event_id, pos));"
    "CREATE TABLE event_breaks ("
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  starts TEXT NOT NULL CHECK (length(starts) = 5),"
    "  ends TEXT NOT NULL CHECK (length(ends) = 5 AND ends > starts),"
    "  PRIMARY KEY (event_id, pos)) WITHOUT ROWID;"
    "CREATE TABLE event_participants ("
    "  id INTEGER PRIMARY KEY,"
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  org_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  meeting_limit INTEGER NOT NULL CHECK (meeting_limit BETWEEN 1 AND 64),"
    "  auto_accept INTEGER NOT NULL CHECK (auto_accept IN (0,1)),"
    "  avail INTEGER NOT NULL,"
    "  note TEXT,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  UNIQUE (event_id, user_id));"
    "CREATE INDEX event_participants_org ON event_participants(org_id);"
    "CREATE TABLE event_participant_listings ("
    "  participant_id INTEGER NOT NULL REFERENCES event_participants(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id),"
    "  PRIMARY KEY (participant_id, pos)) WITHOUT ROWID;"
    "CREATE TABLE event_requests ("
    "  id INTEGER PRIMARY KEY,"
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  from_id INTEGER NOT NULL REFERENCES event_participants(id) ON DELETE CASCADE,"
    "  to_id INTEGER NOT NULL REFERENCES event_participants(id) ON DELETE CASCADE,"
    "  priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),"
    "  message TEXT,"
    "  status TEXT NOT NULL CHECK (status IN ('pending','accepted','declined','cancelled')),"
    "  created_at INTEGER NOT NULL, decided_at INTEGER,"
    "  CHECK (from_id <> to_id));"
    "CREATE INDEX event_requests_event ON event_requests(event_id, status, id);"
    "CREATE INDEX event_requests_from ON event_requests(from_id, id);"
    "CREATE INDEX event_requests_to ON event_requests(to_id, id);"
    "CREATE TABLE event_meetings ("
    "  request_id INTEGER PRIMARY KEY REFERENCES event_requests(id) ON DELETE CASCADE,"
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  slot_start INTEGER NOT NULL, table_no INTEGER NOT NULL CHECK (table_no >= 0),"
    "  UNIQUE (event_id, slot_start, table_no));"
    "CREATE TABLE event_runs ("
    "  id INTEGER PRIMARY KEY,"
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  actor_id INTEGER REFERENCES users(id),"
    "  run_at INTEGER NOT NULL,"
    "  requests INTEGER NOT NULL, held INTEGER NOT NULL, bound INTEGER NOT NULL,"
    "  kept INTEGER NOT NULL, moved INTEGER NOT NULL, dropped INTEGER NOT NULL,"
    "  millis INTEGER NOT NULL);"
    "CREATE INDEX event_runs_event ON event_runs(event_id, id);"
    "CREATE TABLE event_notices ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL, payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, read_at INTEGER);"
    "CREATE INDEX event_notices_user ON event_notices(user_id, id);";

/* Migration 14: analytics (issue 15, src/store/store_analytics.c). The
 * figures over listings (a million rows), interests and match alerts are
 * read from counters kept by triggers rather than by scanning and joining
 * those tables: published listings by UTC month of publication, state,
 * kind and direction; the same by month, state, scheme and the head of the
 * listing's first code of each scheme (HS chapter or ISIC division: the
 * first two digits, or the code itself when it is a section), which the
 * store maps to sections when it reads them; interests and match alerts
 * by month and pair of states. Months, not days, so that a counter over
 * years stays a few thousand rows (the figures count whole months). A
 * listing counts from the moment it leaves draft, whatever it becomes
 * later (closed, expired). The triggers keep each counter equal to that
 * count over the current rows whatever the order of the writes (a change
 * of a listing takes its old part away and adds its new one, using its
 * codes as they are then; a change of a first code does the same using
 * the listing as it is then), and move an organisation's listings when
 * its state changes. The counters are filled from the rows already there.
 * Listings are never deleted. Approved financing is read by its date. */
#define AN_HEAD(code) "CASE WHEN substr(" code ", 1, 1) BETWEEN '0' AND '9' THEN substr(" code ", 1, 2) ELSE " code " END"
#define AN_MONTH(t) "strftime('%Y-%m', " t ", 'unixepoch')"
#define AN_LMONTH(alias) AN_MONTH(alias ".published_at")
static const char schema_v14[] =
    "CREATE TABLE analytics_listing_months ("
    "  month TEXT NOT NULL, country TEXT NOT NULL, kind TEXT NOT NULL, direction TEXT NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  PRIMARY KEY (month, country, kind, direction)) WITHOUT ROWID;"
    "CREATE TABLE analytics_sector_months ("
    "  month TEXT NOT NULL, country TEXT NOT NULL, scheme TEXT NOT NULL, head TEXT NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  PRIMARY KEY (month, country, scheme, head)) WITHOUT ROWID;"
    "INSERT INTO analytics_listing_months(month, country, kind, direction, n)"
    "  SELECT " AN_LMONTH("l") ", o.country, l.kind, l.direction, count(*) FROM listings l"
    "  JOIN organisations o ON o.id = l.org_id WHERE l.status <> 'draft' GROUP BY 1, 2, 3, 4;"
    "INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "  SELECT " AN_LMONTH("l") ", o.country, c.scheme, " AN_HEAD("c.code") ", count(*) FROM listings l"
    "  JOIN organisations o ON o.id = l.org_id JOIN listing_codes c ON c.listing_id = l.id AND c.pos = 0"
    "  WHERE l.status <> 'draft' GROUP BY 1, 2, 3, 4;"
    /* A listing written or changed: its old part out, its new part in. */
    "CREATE TRIGGER analytics_listing_insert AFTER INSERT ON listings WHEN new.status <> 'draft' BEGIN"
    "  INSERT INTO analytics_listing_months(month, country, kind, direction, n)"
    "    SELECT " AN_LMONTH("new") ", o.country, new.kind, new.direction, 1 FROM organisations o WHERE o.id = new.org_id"
    "    ON CONFLICT DO UPDATE SET n = n + 1;"
    "  INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "    SELECT " AN_LMONTH("new") ", o.country, c.scheme, " AN_HEAD("c.code") ", 1 FROM organisations o"
    "    JOIN listing_codes c ON c.listing_id = new.id AND c.pos = 0 WHERE o.id = new.org_id"
    "    ON CONFLICT DO UPDATE SET n = n + 1;"
    "END;"
    "CREATE TRIGGER analytics_listing_update AFTER UPDATE OF status, published_at, org_id, kind, direction"
    "  ON listings WHEN (old.status = 'draft') IS NOT (new.status = 'draft') OR"
    "  old.published_at IS NOT new.published_at OR old.org_id IS NOT new.org_id OR"
    "  old.kind IS NOT new.kind OR old.direction IS NOT new.direction BEGIN"
    "  INSERT INTO analytics_listing_months(month, country, kind, direction, n)"
    "    SELECT " AN_LMONTH("old") ", o.country, old.kind, old.direction, -1 FROM organisations o"
    "    WHERE o.id = old.org_id AND old.status <> 'draft' ON CONFLICT DO UPDATE SET n = n - 1;"
    "  INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "    SELECT " AN_LMONTH("old") ", o.country, c.scheme, " AN_HEAD("c.code") ", -1 FROM organisations o"
    "    JOIN listing_codes c ON c.listing_id = old.id AND c.pos = 0 WHERE o.id = old.org_id AND old.status <> 'draft'"
    "    ON CONFLICT DO UPDATE SET n = n - 1;"
    "  INSERT INTO analytics_listing_months(month, country, kind, direction, n)"
    "    SELECT " AN_LMONTH("new") ", o.country, new.kind, new.direction, 1 FROM organisations o"
    "    WHERE o.id = new.org_id AND new.status <> 'draft' ON CONFLICT DO UPDATE SET n = n + 1;"
    "  INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "    SELECT " AN_LMONTH("new") ", o.country, c.scheme, " AN_HEAD("c.code") ", 1 FROM organisations o"
    "    JOIN listing_codes c ON c.listing_id = new.id AND c.pos = 0 WHERE o.id = new.org_id AND new.status <> 'draft'"
    "    ON CONFLICT DO UPDATE SET n = n + 1;"
    "END;"
    /* A first code written or removed, with the listing as it is now. */
    "CREATE TRIGGER analytics_code_insert AFTER INSERT ON listing_codes WHEN new.pos = 0 BEGIN"
    "  INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "    SELECT " AN_LMONTH("l") ", o.country, new.scheme, " AN_HEAD("new.code") ", 1 FROM listings l"
    "    JOIN organisations o ON o.id = l.org_id WHERE l.id = new.listing_id AND l.status <> 'draft'"
    "    ON CONFLICT DO UPDATE SET n = n + 1;"
    "END;"
    "CREATE TRIGGER analytics_code_delete AFTER DELETE ON listing_codes WHEN old.pos = 0 BEGIN"
    "  INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "    SELECT " AN_LMONTH("l") ", o.country, old.scheme, " AN_HEAD("old.code") ", -1 FROM listings l"
    "    JOIN organisations o ON o.id = l.org_id WHERE l.id = old.listing_id AND l.status <> 'draft'"
    "    ON CONFLICT DO UPDATE SET n = n - 1;"
    "END;"
    "CREATE TRIGGER analytics_code_update AFTER UPDATE ON listing_codes BEGIN"
    "  INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "    SELECT " AN_LMONTH("l") ", o.country, old.scheme, " AN_HEAD("old.code") ", -1 FROM listings l"
    "    JOIN organisations o ON o.id = l.org_id WHERE l.id = old.listing_id AND l.status <> 'draft' AND old.pos = 0"
    "    ON CONFLICT DO UPDATE SET n = n - 1;"
    "  INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "    SELECT " AN_LMONTH("l") ", o.country, new.scheme, " AN_HEAD("new.code") ", 1 FROM listings l"
    "    JOIN organisations o ON o.id = l.org_id WHERE l.id = new.listing_id AND l.status <> 'draft' AND new.pos = 0"
    "    ON CONFLICT DO UPDATE SET n = n + 1;"
    "END;"
    /* An organisation moved to another state takes its listings along. */
    "CREATE TRIGGER analytics_org_country AFTER UPDATE OF country ON organisations"
    "  WHEN old.country IS NOT new.country BEGIN"
    "  INSERT INTO analytics_listing_months(month, country, kind, direction, n)"
    "    SELECT " AN_LMONTH("l") ", old.country, l.kind, l.direction, -count(*) FROM listings l"
    "    WHERE l.org_id = new.id AND l.status <> 'draft' GROUP BY 1, 2, 3, 4"
    "    ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    "  INSERT INTO analytics_listing_months(month, country, kind, direction, n)"
    "    SELECT " AN_LMONTH("l") ", new.country, l.kind, l.direction, count(*) FROM listings l"
    "    WHERE l.org_id = new.id AND l.status <> 'draft' GROUP BY 1, 2, 3, 4"
    "    ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    "  INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "    SELECT " AN_LMONTH("l") ", old.country, c.scheme, " AN_HEAD("c.code") ", -count(*) FROM listings l"
    "    JOIN listing_codes c ON c.listing_id = l.id AND c.pos = 0 WHERE l.org_id = new.id AND l.status <> 'draft'"
    "    GROUP BY 1, 2, 3, 4 ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    "  INSERT INTO analytics_sector_months(month, country, scheme, head, n)"
    "    SELECT " AN_LMONTH("l") ", new.country, c.scheme, " AN_HEAD("c.code") ", count(*) FROM listings l"
    "    JOIN listing_codes c ON c.listing_id = l.id AND c.pos = 0 WHERE l.org_id = new.id AND l.status <> 'draft'"
    "    GROUP BY 1, 2, 3, 4 ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    "END;"
    /* Interests and match alerts by day and pair of states: the state
     * that sent and the listing's (interests), the alerted listing's and
     * the matched one's (matches, each pair of listings once, on the day
     * of its first alert). States are taken when the row is written. */
    "CREATE TABLE analytics_pair_months ("
    "  month TEXT NOT NULL, country TEXT NOT NULL, partner TEXT NOT NULL,"
    "  interests INTEGER NOT NULL, accepted INTEGER NOT NULL, matches INTEGER NOT NULL,"
    "  PRIMARY KEY (month, country, partner)) WITHOUT ROWID;"
    "INSERT INTO analytics_pair_months(month, country, partner, interests, accepted, matches)"
    "  SELECT month, a, b, sum(i), sum(acc), sum(m) FROM ("
    "    SELECT " AN_MONTH("i.created_at") " AS month, f.country AS a, t.country AS b, 1 AS i,"
    "      CASE WHEN i.status = 'accepted' THEN 1 ELSE 0 END AS acc, 0 AS m"
    "    FROM interests i JOIN organisations f ON f.id = i.from_org_id JOIN listings l ON l.id = i.listing_id"
    "    JOIN organisations t ON t.id = l.org_id"
    "    UNION ALL"
    "    SELECT " AN_MONTH("min(n.created_at)") ", oa.country, ob.country, 0, 0, 1 FROM notifications n"
    "    JOIN listings la ON la.id = n.listing_id JOIN organisations oa ON oa.id = la.org_id"
    "    JOIN listings lb ON lb.id = n.matched_listing_id JOIN organisations ob ON ob.id = lb.org_id"
    "    WHERE n.kind = 'listing_match' GROUP BY n.listing_id, n.matched_listing_id"
    "  ) GROUP BY 1, 2, 3;"
    "CREATE TRIGGER analytics_interest_insert AFTER INSERT ON interests BEGIN"
    "  INSERT INTO analytics_pair_months(month, country, partner, interests, accepted, matches)"
    "    SELECT " AN_MONTH("new.created_at") ", f.country, t.country, 1, new.status = 'accepted', 0"
    "    FROM organisations f, listings l JOIN organisations t ON t.id = l.org_id"
    "    WHERE f.id = new.from_org_id AND l.id = new.listing_id"
    "    ON CONFLICT DO UPDATE SET interests = interests + 1, accepted = accepted + excluded.accepted;"
    "END;"
    "CREATE TRIGGER analytics_interest_update AFTER UPDATE OF status, created_at, from_org_id, listing_id ON interests"
    "  WHEN (old.status = 'accepted') IS NOT (new.status = 'accepted') OR old.created_at IS NOT new.created_at"
    "  OR old.from_org_id IS NOT new.from_org_id OR old.listing_id IS NOT new.listing_id BEGIN"
    "  INSERT INTO analytics_pair_months(month, country, partner, interests, accepted, matches)"
    "    SELECT " AN_MONTH("old.created_at") ", f.country, t.country, -1, -(old.status = 'accepted'), 0"
    "    FROM organisations f, listings l JOIN organisations t ON t.id = l.org_id"
    "    WHERE f.id = old.from_org_id AND l.id = old.listing_id"
    "    ON CONFLICT DO UPDATE SET interests = interests - 1, accepted = accepted + excluded.accepted;"
    "  INSERT INTO analytics_pair_months(month, country, partner, interests, accepted, matches)"
    "    SELECT " AN_MONTH("new.created_at") ", f.country, t.country, 1, new.status = 'accepted', 0"
    "    FROM organisations f, listings l JOIN organisations t ON t.id = l.org_id"
    "    WHERE f.id = new.from_org_id AND l.id = new.listing_id"
    "    ON CONFLICT DO UPDATE SET interests = interests + 1, accepted = accepted + excluded.accepted;"
    "END;"
    "CREATE TRIGGER analytics_match_insert AFTER INSERT ON notifications WHEN new.kind = 'listing_match' AND"
    "  NOT EXISTS (SELECT 1 FROM notifications n WHERE n.listing_id = new.listing_id AND n.kind = 'listing_match'"
    "    AND n.about_id = new.matched_listing_id AND n.id <> new.id) BEGIN"
    "  INSERT INTO analytics_pair_months(month, country, partner, interests, accepted, matches)"
    "    SELECT " AN_MONTH("new.created_at") ", oa.country, ob.country, 0, 0, 1"
    "    FROM listings la JOIN organisations oa ON oa.id = la.org_id, listings lb JOIN organisations ob ON ob.id = lb.org_id"
    "    WHERE la.id = new.listing_id AND lb.id = new.matched_listing_id"
    "    ON CONFLICT DO UPDATE SET matches = matches + 1;"
    "END;"
    "CREATE INDEX project_submissions_decided ON project_submissions(status, decided_at);";
/* Migration 15: meetings between partners in the analytics (issue 15,
 * with issue 14's records). 1:1 meeting requests by the UTC month they
 * were made and the states of the asking and the asked organisation, with
 * how many of them are accepted now; meetings placed at events by the
 * month of their slot and the states of the requesting and the requested
 * participant. Kept by triggers, as the pairs of migration 14: a changed
 * request takes its old part away and adds the new one; a meeting placed,
 * moved or taken off the schedule adds or takes away its part, reading
 * the participants' states at that moment. A participant who leaves an
 * event takes its meetings off the schedule first (a BEFORE DELETE
 * trigger), so that their part is taken away while both participants are
 * still there to say their states; the foreign keys' cascades then find
 * nothing left to delete. Filled from the rows already there. */
static const char schema_v15[] =
    "CREATE TABLE analytics_meeting_months ("
    "  month TEXT NOT NULL, country TEXT NOT NULL, partner TEXT NOT NULL,"
    "  requested INTEGER NOT NULL, accepted INTEGER NOT NULL, at_events INTEGER NOT NULL,"
    "  PRIMARY KEY (month, country, partner)) WITHOUT ROWID;"
    "INSERT INTO analytics_meeting_months(month, country, partner, requested, accepted, at_events)"
    "  SELECT month, a, b, sum(req), sum(acc), sum(ev) FROM ("
    "    SELECT " AN_MONTH("pm.created_at") " AS month, f.country AS a, t.country AS b, 1 AS req,"
    "      CASE WHEN pm.status = 'accepted' THEN 1 ELSE 0 END AS acc, 0 AS ev"
    "    FROM partner_meetings pm JOIN organisations f ON f.id = pm.from_org_id"
    "    JOIN organisations t ON t.id = pm.to_org_id"
    "    UNION ALL"
    "    SELECT " AN_MONTH("em.slot_start") ", oa.country, ob.country, 0, 0, 1 FROM event_meetings em"
    "    JOIN event_requests r ON r.id = em.request_id"
    "    JOIN event_participants pa ON pa.id = r.from_id JOIN organisations oa ON oa.id = pa.org_id"
    "    JOIN event_participants pb ON pb.id = r.to_id JOIN organisations ob ON ob.id = pb.org_id"
    "  ) GROUP BY 1, 2, 3;"
    "CREATE TRIGGER analytics_pmeet_insert AFTER INSERT ON partner_meetings BEGIN"
    "  INSERT INTO analytics_meeting_months(month, country, partner, requested, accepted, at_events)"
    "    SELECT " AN_MONTH("new.created_at") ", f.country, t.country, 1, new.status = 'accepted', 0"
    "    FROM organisations f, organisations t WHERE f.id = new.from_org_id AND t.id = new.to_org_id"
    "    ON CONFLICT DO UPDATE SET requested = requested + 1, accepted = accepted + excluded.accepted;"
    "END;"
    "CREATE TRIGGER analytics_pmeet_update AFTER UPDATE OF status, created_at, from_org_id, to_org_id"
    "  ON partner_meetings"
    "  WHEN (old.status = 'accepted') IS NOT (new.status = 'accepted') OR old.created_at IS NOT new.created_at"
    "  OR old.from_org_id IS NOT new.from_org_id OR old.to_org_id IS NOT new.to_org_id BEGIN"
    "  INSERT INTO analytics_meeting_months(month, country, partner, requested, accepted, at_events)"
    "    SELECT " AN_MONTH("old.created_at") ", f.country, t.country, -1, -(old.status = 'accepted'), 0"
    "    FROM organisations f, organisations t WHERE f.id = old.from_org_id AND t.id = old.to_org_id"
    "    ON CONFLICT DO UPDATE SET requested = requested - 1, accepted = accepted + excluded.accepted;"
    "  INSERT INTO analytics_meeting_months(month, country, partner, requested, accepted, at_events)"
    "    SELECT " AN_MONTH("new.created_at") ", f.country, t.country, 1, new.status = 'accepted', 0"
    "    FROM organisations f, organisations t WHERE f.id = new.from_org_id AND t.id = new.to_org_id"
    "    ON CONFLICT DO UPDATE SET requested = requested + 1, accepted = accepted + excluded.accepted;"
    "END;"
#define AN_EVENT_PART(slot, request, sign)                                                                        \
    "  INSERT INTO analytics_meeting_months(month, country, partner, requested, accepted, at_events)"             \
    "    SELECT " AN_MONTH(slot) ", oa.country, ob.country, 0, 0, " sign " FROM event_requests r"                  \
    "    JOIN event_participants pa ON pa.id = r.from_id JOIN organisations oa ON oa.id = pa.org_id"              \
    "    JOIN event_participants pb ON pb.id = r.to_id JOIN organisations ob ON ob.id = pb.org_id"                \
    "    WHERE r.id = " request " ON CONFLICT DO UPDATE SET at_events = at_events + excluded.at_events;"
    "CREATE TRIGGER analytics_evmeet_insert AFTER INSERT ON event_meetings BEGIN"
    AN_EVENT_PART("new.slot_start", "new.request_id", "1")
    "END;"
    "CREATE TRIGGER analytics_evmeet_delete AFTER DELETE ON event_meetings BEGIN"
    AN_EVENT_PART("old.slot_start", "old.request_id", "-1")
    "END;"
    "CREATE TRIGGER analytics_evmeet_update AFTER UPDATE OF slot_start, request_id ON event_meetings"
    "  WHEN old.slot_start IS NOT new.slot_start OR old.request_id IS NOT new.request_id BEGIN"
    AN_EVENT_PART("old.slot_start", "old.request_id", "-1")
    AN_EVENT_PART("new.slot_start", "new.request_id", "1")
    "END;"
    "CREATE TRIGGER analytics_evmeet_unregister BEFORE DELETE ON event_participants BEGIN"
    "  DELETE FROM event_meetings WHERE request_id IN"
    "    (SELECT id FROM event_requests WHERE from_id = old.id OR to_id = old.id);"
    "END;";
#undef AN_EVENT_PART
#undef AN_HEAD
#undef AN_LDAY
#undef AN_LMONTH
#undef AN_MONTH

/* Migration 16: every event title is marked original, human or machine
 * (issue 14), as listings, projects and the coordination texts are. The
 * column is added with the default original, so that the titles stored
 * before keep reading as what they were presented as: the secretariat's
 * own wording. An event may have several originals (an announcement is
 * often written in Russian and Chinese alike); store_event.c requires at
 * least one. */
static const char schema_v16[] =
    "ALTER TABLE event_texts ADD COLUMN origin TEXT NOT NULL DEFAULT 'original'"
    "  CHECK (origin IN ('original','human','machine'));";

const store_migration store__migrations_sqlite[] = {
    {1, "initial schema", schema_v1},
    {2, "saved searches and notifications", schema_v2},
    {3, "accounts, duplicate flags, inbox notifications", schema_v3},
    {4, "taxonomy labels", schema_v4},
    {5, "one pending interest per listing, consumers", schema_v5},
    {6, "invitations and email checks", schema_v6},
    {7, "joint projects and financing", schema_v7},
    {8, "coordination: meetings, chairmanship, initiatives, action plan", schema_v8},
    {9, "reminders before a listing expires", schema_v9},
    {10, "links of initiatives and measures to joint projects", schema_v10},
    {11, "email queue and preferences", schema_v11},
    {12, "meeting requests between partners", schema_v12},
    {13, "events: matchmaking sessions, requests and schedules", schema_v13},
    {14, "analytics: listing counters, indexes of the figures", schema_v14},
    {15, "analytics: meetings between partners by month and pair of states", schema_v15},
    {16, "origin of event titles", schema_v16},
};

const size_t store__n_migrations_sqlite = sizeof store__migrations_sqlite / sizeof store__migrations_sqlite[0];
