-- Issue 15 #2: a work-needed digest kept the contact mobile in clear; it now keeps its keyed fingerprint.
-- A digest with a clear mobile is forgotten: the next change of that person's need sends the notice again.
UPDATE "hub_sent_market_needs" SET "digest" = 'sealed-at-rest' WHERE "digest" ~ '"[0-9]{11}"\]$';
