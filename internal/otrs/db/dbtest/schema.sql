-- Fixture schema for otrs/db tests: only the tables and columns the
-- catalog reads, named as in OTRS (see internal/otrs/recordings/data/db/).
-- Written for this project; not OTRS's schema. {{.Groups}} is groups
-- (OTRS 6.0), permission_groups (Znuny 6.5+) or groups_table (OTOBO); the
-- otrs6 naming's group_user also has permission_value; {{.Name}} is 191 on OTOBO,
-- whose MariaDB schema shortens indexed names (real2/otobo11/db/90), else
-- 200.
CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, login VARCHAR({{.Name}}) NOT NULL, pw VARCHAR(128) NOT NULL, title VARCHAR(50), first_name VARCHAR(100) NOT NULL, last_name VARCHAR(100) NOT NULL, valid_id SMALLINT NOT NULL, create_time {{.TS}} NOT NULL, create_by INTEGER NOT NULL, change_time {{.TS}} NOT NULL, change_by INTEGER NOT NULL);
CREATE TABLE user_preferences (user_id INTEGER NOT NULL, preferences_key VARCHAR(150) NOT NULL, preferences_value TEXT);
CREATE TABLE {{.Groups}} (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, comments VARCHAR(250), valid_id SMALLINT NOT NULL);
CREATE TABLE roles (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, comments VARCHAR(250), valid_id SMALLINT NOT NULL);
CREATE TABLE group_user (user_id INTEGER NOT NULL, group_id INTEGER NOT NULL, permission_key VARCHAR(20) NOT NULL{{if .OTRS6}}, permission_value SMALLINT NOT NULL{{end}});
CREATE TABLE group_role (role_id INTEGER NOT NULL, group_id INTEGER NOT NULL, permission_key VARCHAR(20) NOT NULL, permission_value SMALLINT NOT NULL);
CREATE TABLE role_user (user_id INTEGER NOT NULL, role_id INTEGER NOT NULL);
CREATE TABLE queue (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, group_id INTEGER NOT NULL, comments VARCHAR(250), valid_id SMALLINT NOT NULL);
CREATE TABLE personal_queues (user_id INTEGER NOT NULL, queue_id INTEGER NOT NULL);
CREATE TABLE service (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, valid_id SMALLINT NOT NULL, comments VARCHAR(250));
CREATE TABLE service_customer_user (customer_user_login VARCHAR({{.Name}}) NOT NULL, service_id INTEGER NOT NULL);
CREATE TABLE sla (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, valid_id SMALLINT NOT NULL, comments VARCHAR(250));
CREATE TABLE service_sla (service_id INTEGER NOT NULL, sla_id INTEGER NOT NULL);
CREATE TABLE ticket_type (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, valid_id SMALLINT NOT NULL);
CREATE TABLE ticket_priority (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, valid_id SMALLINT NOT NULL);
CREATE TABLE ticket_state_type (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, comments VARCHAR(250));
CREATE TABLE ticket_state (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, comments VARCHAR(250), type_id SMALLINT NOT NULL, valid_id SMALLINT NOT NULL);
CREATE TABLE customer_company (customer_id VARCHAR(150) NOT NULL PRIMARY KEY, name VARCHAR({{.Name}}) NOT NULL, street VARCHAR(200), zip VARCHAR(200), city VARCHAR(200), country VARCHAR(200), url VARCHAR(200), comments VARCHAR(250), valid_id SMALLINT NOT NULL);
CREATE TABLE customer_user (id INTEGER NOT NULL PRIMARY KEY, login VARCHAR({{.Name}}) NOT NULL, email VARCHAR(150) NOT NULL, customer_id VARCHAR(150) NOT NULL, pw VARCHAR(128), title VARCHAR(50), first_name VARCHAR(100) NOT NULL, last_name VARCHAR(100) NOT NULL, phone VARCHAR(150), fax VARCHAR(150), mobile VARCHAR(150), street VARCHAR(150), zip VARCHAR(200), city VARCHAR(200), country VARCHAR(200), comments VARCHAR(250), valid_id SMALLINT NOT NULL);
CREATE TABLE dynamic_field (id INTEGER NOT NULL PRIMARY KEY, internal_field SMALLINT NOT NULL, name VARCHAR({{.Name}}) NOT NULL, label VARCHAR(200) NOT NULL, field_order INTEGER NOT NULL, field_type VARCHAR(200) NOT NULL, object_type VARCHAR(100) NOT NULL, config TEXT, valid_id SMALLINT NOT NULL);
CREATE TABLE package_repository (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, version VARCHAR(250) NOT NULL, vendor VARCHAR(250) NOT NULL, install_status VARCHAR(250) NOT NULL);
CREATE TABLE ticket (id BIGINT NOT NULL PRIMARY KEY, tn VARCHAR(50) NOT NULL, title VARCHAR(255), queue_id INTEGER NOT NULL);
CREATE TABLE ticket_watcher (ticket_id BIGINT NOT NULL, user_id INTEGER NOT NULL);
CREATE TABLE sysconfig_default (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(250) NOT NULL, is_valid SMALLINT NOT NULL, effective_value TEXT NOT NULL);
CREATE TABLE sysconfig_modified (id INTEGER NOT NULL PRIMARY KEY, sysconfig_default_id INTEGER NOT NULL, name VARCHAR(250) NOT NULL, user_id INTEGER, is_valid SMALLINT NOT NULL, is_dirty SMALLINT NOT NULL, effective_value TEXT NOT NULL);
CREATE TABLE article (id BIGINT NOT NULL PRIMARY KEY, ticket_id BIGINT NOT NULL, article_sender_type_id SMALLINT NOT NULL, communication_channel_id BIGINT NOT NULL, is_visible_for_customer SMALLINT NOT NULL);
CREATE TABLE ticket_flag (ticket_id BIGINT NOT NULL, ticket_key VARCHAR(50) NOT NULL, ticket_value VARCHAR(50), create_by INTEGER NOT NULL);
CREATE TABLE article_flag (article_id BIGINT NOT NULL, article_key VARCHAR(50) NOT NULL, article_value VARCHAR(50), create_by INTEGER NOT NULL);
CREATE TABLE link_object (id SMALLINT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL);
CREATE TABLE link_state (id SMALLINT NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL, valid_id SMALLINT NOT NULL);
CREATE TABLE link_relation (id BIGINT NOT NULL PRIMARY KEY, source_object_id SMALLINT NOT NULL, source_key VARCHAR(50) NOT NULL, target_object_id SMALLINT NOT NULL, target_key VARCHAR(50) NOT NULL, type_id SMALLINT NOT NULL, state_id SMALLINT NOT NULL);
