-- A reservation is recorded by its material line, not also by a ledger row: the ledger keeps what changes
-- on hand (receipts, adjustments, counts, transfers, consumption), `reserved` is what the open lines hold.
-- One row write fewer per reservation while the hot balance row is locked (decision 217). Rows an earlier
-- version wrote for reserve/release/expire duplicate their lines and leave the ledger.
create or replace function inventory_apply_movement(
  p_id uuid, p_kind text, p_item uuid, p_location uuid, p_on_hand_delta int, p_reserved_delta int,
  p_work_order uuid, p_line uuid, p_transfer uuid, p_request uuid, p_serials jsonb, p_reason text,
  p_client_ref text, p_actor_type text, p_actor_id text,
  p_line_quantity int, p_line_expires timestamptz, p_line_created_by uuid)
returns table (out_on_hand int, out_reserved int, out_reorder_level int, out_alerted boolean, out_line_created_at timestamptz)
language plpgsql as $fn$
declare
  v_on_hand int; v_reserved int; v_reorder int; v_alerted_at timestamptz; v_line_at timestamptz;
begin
  if p_line_quantity is not null and not exists (
    select 1 from work_order w where w.id = p_work_order and w.deleted_at is null
       and w.status not in ('completed', 'canceled')) then
    return;
  end if;
  update inventory_stock t
     set on_hand = t.on_hand + p_on_hand_delta, reserved = t.reserved + p_reserved_delta, updated_at = now()
   where t.item_id = p_item and t.location_id = p_location
     and t.on_hand + p_on_hand_delta >= 0 and t.reserved + p_reserved_delta >= 0
     and t.reserved + p_reserved_delta <= t.on_hand + p_on_hand_delta
  returning t.on_hand, t.reserved, t.reorder_level, t.low_alerted_at
    into v_on_hand, v_reserved, v_reorder, v_alerted_at;
  if not found then
    return;
  end if;
  if p_line_quantity is not null then
    insert into inventory_material_line (id, work_order_id, item_id, location_id, quantity, expires_at, created_by_id)
    values (p_line, p_work_order, p_item, p_location, p_line_quantity, p_line_expires, p_line_created_by)
    returning created_at into v_line_at;
  end if;
  -- A change to what is reserved alone is recorded by its material line (decision 217).
  if p_kind not in ('reserve', 'release', 'expire') then
    insert into inventory_movement (id, kind, item_id, location_id, on_hand_delta, reserved_delta, work_order_id,
                                    line_id, transfer_id, material_request_id, serials, reason, client_ref,
                                    actor_type, actor_id)
    values (p_id, p_kind, p_item, p_location, p_on_hand_delta, p_reserved_delta, p_work_order, p_line, p_transfer,
            p_request, coalesce(array(select jsonb_array_elements_text(p_serials)), '{}'::text[]), p_reason,
            p_client_ref, p_actor_type, p_actor_id);
  end if;
  out_on_hand := v_on_hand; out_reserved := v_reserved; out_reorder_level := v_reorder;
  out_alerted := v_alerted_at is not null; out_line_created_at := v_line_at;
  return next;
end
$fn$;
--> statement-breakpoint
alter table inventory_movement disable trigger inventory_movement_append_only;
--> statement-breakpoint
delete from inventory_movement where kind in ('reserve', 'release', 'expire');
--> statement-breakpoint
alter table inventory_movement enable trigger inventory_movement_append_only;
