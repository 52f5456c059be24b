-- how many times the rules that apply to an interface changed (InterfaceRulesChanged.rulesVersion), so hosts and
-- compute-api's copy keep the newest set whatever order the events arrive in
ALTER TABLE network_interface ADD COLUMN rules_version BIGINT NOT NULL DEFAULT 0;
