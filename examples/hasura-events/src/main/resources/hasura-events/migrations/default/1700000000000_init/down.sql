DROP TABLE "public"."events";
DROP TABLE "public"."users";
