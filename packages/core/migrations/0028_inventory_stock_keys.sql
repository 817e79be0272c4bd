ALTER TABLE "inventory_material_line" DROP CONSTRAINT "inventory_material_line_item_id_inventory_item_id_fk";
--> statement-breakpoint
ALTER TABLE "inventory_material_line" DROP CONSTRAINT "inventory_material_line_location_id_inventory_location_id_fk";
--> statement-breakpoint
ALTER TABLE "inventory_movement" DROP CONSTRAINT "inventory_movement_item_id_inventory_item_id_fk";
--> statement-breakpoint
ALTER TABLE "inventory_movement" DROP CONSTRAINT "inventory_movement_location_id_inventory_location_id_fk";
--> statement-breakpoint
ALTER TABLE "inventory_material_line" ADD CONSTRAINT "inventory_material_line_stock_fk" FOREIGN KEY ("item_id","location_id") REFERENCES "public"."inventory_stock"("item_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movement" ADD CONSTRAINT "inventory_movement_stock_fk" FOREIGN KEY ("item_id","location_id") REFERENCES "public"."inventory_stock"("item_id","location_id") ON DELETE no action ON UPDATE no action;