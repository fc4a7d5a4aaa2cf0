import Postgres

/// The bot's tables. Balances are derived state kept beside the ledger for locking and the CHECK; the ledger is
/// the truth, and every movement writes both in one transaction.
public enum AppSchema {
    public static let migrations: [Migration] = [
        Migration(component: "app", version: 1, name: "users, ledger, updates, conversations, orders, videos", sql: """
            CREATE TABLE users (
                id bigint PRIMARY KEY,
                chat_id bigint NOT NULL,
                first_name text NOT NULL DEFAULT '',
                username text,
                language text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en')),
                balance integer NOT NULL DEFAULT 0 CHECK (balance >= 0),
                start_payload text,
                blocked_at timestamptz,
                rate_window_start timestamptz NOT NULL DEFAULT now(),
                rate_window_count integer NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE ledger (
                id bigserial PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users (id),
                delta integer NOT NULL CHECK (delta <> 0),
                reason text NOT NULL CHECK (reason IN ('signup_bonus', 'order_debit', 'refund', 'grant', 'purchase')),
                reference text NOT NULL UNIQUE,
                order_id bigint,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX ledger_user ON ledger (user_id);

            CREATE TABLE telegram_updates (
                update_id bigint PRIMARY KEY,
                kind text NOT NULL,
                user_id bigint,
                received_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE conversations (
                chat_id bigint PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users (id),
                state jsonb NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE orders (
                id bigserial PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users (id),
                chat_id bigint NOT NULL,
                status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished', 'cancelled')),
                video_count integer NOT NULL CHECK (video_count IN (1, 3, 5)),
                format text NOT NULL CHECK (format IN ('9:16', '16:9')),
                unit_price integer NOT NULL CHECK (unit_price > 0),
                photo_file_id text NOT NULL,
                photo_unique_id text NOT NULL,
                description text,
                language text NOT NULL,
                draft_key text NOT NULL UNIQUE,
                model text NOT NULL,
                photo_path text,
                status_message_id bigint,
                -- Every change the status message should show bumps status_version; the message shows
                -- status_rendered_version, so a refresh that finds nothing newer skips its edit.
                status_version integer NOT NULL DEFAULT 0,
                status_rendered_version integer NOT NULL DEFAULT 0,
                status_sent_at timestamptz,
                finished_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX orders_user_active ON orders (user_id) WHERE status = 'active';

            CREATE TABLE videos (
                id bigserial PRIMARY KEY,
                order_id bigint NOT NULL REFERENCES orders (id),
                position integer NOT NULL,
                state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'prompting', 'submitting', 'generating',
                    'downloading', 'delivering', 'delivered', 'failed', 'cancelled')),
                prompt text,
                model text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                kie_task_id text UNIQUE,
                kie_key_id text,
                submitted_at timestamptz,
                deadline_at timestamptz,
                result_url text,
                file_path text,
                telegram_file_id text,
                failure_class text CHECK (failure_class IN ('user_error', 'temporary', 'rate_limit', 'billing', 'config')),
                failure_reason text,
                delivered_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (order_id, position)
            );
            CREATE INDEX videos_state ON videos (state);
            CREATE INDEX videos_order ON videos (order_id);

            -- KIE API keys by id (a hash prefix; the keys themselves never reach the database), shared by every
            -- process: a rate-limited key cools down, a key out of credit leaves rotation until it is topped up.
            CREATE TABLE kie_keys (
                id text PRIMARY KEY,
                cooldown_until timestamptz,
                disabled_until timestamptz,
                disabled_reason text,
                billing_alerted_at timestamptz,
                last_used_at timestamptz
            );

            -- Notifications the pipeline sends at most once ever (an alert, "your videos are delayed"), by key.
            CREATE TABLE sent_notifications (
                key text PRIMARY KEY,
                created_at timestamptz NOT NULL DEFAULT now()
            );

            -- KIE accepts about 20 new tasks per 10 s per account: one token bucket for all processes.
            CREATE TABLE kie_create_bucket (
                id integer PRIMARY KEY CHECK (id = 1),
                tokens double precision NOT NULL,
                refilled_at timestamptz NOT NULL DEFAULT now()
            );
            INSERT INTO kie_create_bucket (id, tokens) VALUES (1, 20);
            """),
        Migration(component: "app", version: 2, name: "KIE task creation booked as turns; housekeeping indexes", sql: """
            DROP TABLE kie_create_bucket;
            -- The theoretical time of the next task creation (GCRA); turns are booked against it.
            CREATE TABLE kie_create_schedule (
                id integer PRIMARY KEY CHECK (id = 1),
                next_at timestamptz NOT NULL DEFAULT now()
            );
            INSERT INTO kie_create_schedule (id) VALUES (1);
            -- A submission that had to wait keeps its booked turn here.
            ALTER TABLE videos ADD COLUMN submit_turn_at timestamptz;
            -- Housekeeping deletes by age.
            CREATE INDEX telegram_updates_received ON telegram_updates (received_at);
            CREATE INDEX sent_notifications_created ON sent_notifications (created_at);
            """),
        Migration(component: "app", version: 3, name: "videos: the never-entered 'prompting' state removed; users by chat", sql: """
            ALTER TABLE videos DROP CONSTRAINT videos_state_check;
            ALTER TABLE videos ADD CONSTRAINT videos_state_check CHECK (state IN ('queued', 'submitting', 'generating',
                'downloading', 'delivering', 'delivered', 'failed', 'cancelled'));
            -- Every send checks whether its chat blocked the bot.
            CREATE INDEX users_chat ON users (chat_id);
            """),
        Migration(component: "app", version: 4, name: "payments in Telegram Stars; purchase refunds and referral bonuses", sql: """
            -- One row per Telegram payment, by its charge id: a payment is credited once, however often it is reported.
            CREATE TABLE payments (
                charge_id text PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users (id),
                credits integer NOT NULL CHECK (credits > 0),
                stars integer NOT NULL CHECK (stars > 0),
                -- NULL, then 'refunding' while Telegram is asked, then 'refunded'.
                refund_state text CHECK (refund_state IN ('refunding', 'refunded')),
                created_at timestamptz NOT NULL DEFAULT now(),
                refunded_at timestamptz
            );
            CREATE INDEX payments_user ON payments (user_id);
            ALTER TABLE ledger DROP CONSTRAINT ledger_reason_check;
            ALTER TABLE ledger ADD CONSTRAINT ledger_reason_check CHECK (reason IN ('signup_bonus', 'order_debit', 'refund',
                'grant', 'purchase', 'purchase_refund', 'referral_bonus'));
            """),
        Migration(component: "app", version: 5, name: "orders by seller, newest first, for 📚 My videos", sql: """
            CREATE INDEX orders_user ON orders (user_id, id);
            """),
        Migration(component: "app", version: 6, name: "ledger: an operator's grant names its operator and reason", sql: """
            ALTER TABLE ledger ADD COLUMN operator_id bigint, ADD COLUMN note text;
            -- NOT VALID: grant rows written by hand before this migration stay as they are; every new one is checked.
            ALTER TABLE ledger ADD CONSTRAINT ledger_grant_noted
                CHECK (reason <> 'grant' OR (operator_id IS NOT NULL AND note IS NOT NULL)) NOT VALID;
            """),
        Migration(component: "app", version: 7, name: "the operators' last-24-hours figures by date", sql: """
            -- /stats counts the orders, videos and refunds of the last day; without these it read each table through.
            -- Dates only grow, so each index is filled at its end.
            CREATE INDEX orders_created ON orders (created_at);
            CREATE INDEX videos_created ON videos (created_at);
            CREATE INDEX ledger_refunds_created ON ledger (created_at) WHERE reason = 'refund';
            """),
        Migration(component: "app", version: 8, name: "live jobs by video and order; what the status message shows", sql: """
            -- The stranded-video sweeper asks of every unfinished video whether a job is still pending or running for
            -- it. The pipeline's jobs name their video in the payload (a queued video's, its order's prepare job), so
            -- these two answer that from live jobs only, never reading the jobs table itself.
            CREATE INDEX jobs_live_by_video ON jobs ((payload->>'videoID'))
                WHERE state IN ('available', 'running') AND payload ? 'videoID';
            CREATE INDEX jobs_live_by_order ON jobs ((payload->>'orderID'))
                WHERE state IN ('available', 'running') AND payload ? 'orderID';
            -- A digest of the status message's text and buttons as Telegram shows them: a refresh that would show the
            -- same is not sent (Telegram refuses it as "message is not modified").
            ALTER TABLE orders ADD COLUMN status_shown_digest text;
            """),
        Migration(component: "app", version: 9, name: "photo analyses per seller, for their caps", sql: """
            CREATE TABLE photo_analyses (
                id bigserial PRIMARY KEY,
                user_id bigint NOT NULL,
                requested_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX photo_analyses_user ON photo_analyses (user_id, requested_at);
            CREATE INDEX photo_analyses_requested ON photo_analyses (requested_at);
            """),
        Migration(component: "app", version: 10, name: "KIE's task schedule per account", sql: """
            -- KIE's task budget is per account: the theoretical time of each account's next task creation (GCRA), by
            -- the operator's name for the account or, for a key given alone, the key's id. Processes add their
            -- configured accounts as they start. (kie_create_schedule, the one schedule of before, is left to
            -- processes of the previous release until they restart.)
            CREATE TABLE kie_accounts (
                name text PRIMARY KEY,
                next_at timestamptz NOT NULL DEFAULT now()
            );
            -- The account a waiting submission booked its turn on (submit_turn_at).
            ALTER TABLE videos ADD COLUMN submit_account text;
            """),
        Migration(component: "app", version: 11, name: "button answers leave in the webhook's response", sql: """
            -- Callback queries are answered in the webhook's 200 now, no longer by outbox jobs. Answers still queued
            -- or being sent are for presses seconds old, past their use; no worker of this release would take them,
            -- not even one rescued from a worker of the previous release.
            DELETE FROM jobs WHERE kind = 'telegram.answer' AND state IN ('available', 'running');
            """),
    ]
}
