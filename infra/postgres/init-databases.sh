#!/usr/bin/env bash
# Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d): one role and one
# database per service, each role owning its own database only and able to connect to no other. The
# services never use the superuser (POSTGRES_USER). Passwords come from the environment of the postgres
# service in infra/compose.yaml; their defaults there are for development only.
set -euo pipefail

create() {
  local role=$1 database=$2 password=$3
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$role" -v database="$database" -v password="$password" <<'SQL'
create role :"role" login nosuperuser nocreatedb nocreaterole noinherit password :'password';
create database :"database" owner :"role";
revoke all on database :"database" from public;
grant connect, temporary on database :"database" to :"role";
SQL
  # Its tables go in public: the role owns that schema too (PostgreSQL 15+ does by default, older did not).
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$database" -v role="$role" <<'SQL'
alter schema public owner to :"role";
SQL
}

create pes_province_hub province_hub "$PES_DB_PASSWORD_PROVINCE_HUB"
create pes_city_350100 city_350100 "$PES_DB_PASSWORD_CITY_350100"
create pes_city_350200 city_350200 "$PES_DB_PASSWORD_CITY_350200"
create pes_city_350500 city_350500 "$PES_DB_PASSWORD_CITY_350500"
create pes_gig_market gig_market "$PES_DB_PASSWORD_GIG_MARKET"

# Nobody but the superuser in the maintenance database either.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -c "revoke connect on database postgres from public"
