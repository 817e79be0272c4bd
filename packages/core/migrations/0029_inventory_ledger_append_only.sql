-- The stock ledger is append-only: a movement is corrected by another movement (an adjustment with its
-- reason), never by editing or deleting the row that recorded it. The database refuses both, whoever asks.
create or replace function inventory_movement_append_only() returns trigger
language plpgsql as $fn$
begin
  raise exception 'inventory_movement is append-only: record a correcting movement instead'
    using errcode = 'restrict_violation';
end
$fn$;
--> statement-breakpoint
create trigger inventory_movement_append_only
  before update or delete on inventory_movement
  for each statement execute function inventory_movement_append_only();
