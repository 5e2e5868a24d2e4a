using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ccc.Sdk.Samples.Crm.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_agents",
                columns: table => new
                {
                    contact_id = table.Column<string>(type: "TEXT", nullable: false),
                    agent_id = table.Column<string>(type: "TEXT", nullable: false),
                    call_type = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_agents", x => new { x.contact_id, x.agent_id });
                });

            migrationBuilder.CreateTable(
                name: "call_history",
                columns: table => new
                {
                    contact_id = table.Column<string>(type: "TEXT", nullable: false),
                    contact_type = table.Column<string>(type: "TEXT", nullable: false),
                    calling_number = table.Column<string>(type: "TEXT", nullable: false),
                    called_number = table.Column<string>(type: "TEXT", nullable: false),
                    customer_number = table.Column<string>(type: "TEXT", nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", nullable: true),
                    agent_ids = table.Column<string>(type: "TEXT", nullable: false),
                    agent_names = table.Column<string>(type: "TEXT", nullable: false),
                    disposition = table.Column<string>(type: "TEXT", nullable: false),
                    early_media_state = table.Column<string>(type: "TEXT", nullable: false),
                    release_reason = table.Column<string>(type: "TEXT", nullable: false),
                    start_time = table.Column<long>(type: "INTEGER", nullable: false),
                    duration_seconds = table.Column<long>(type: "INTEGER", nullable: true),
                    recording_available = table.Column<bool>(type: "INTEGER", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_history", x => x.contact_id);
                });

            migrationBuilder.CreateTable(
                name: "calls_in_progress",
                columns: table => new
                {
                    contact_id = table.Column<string>(type: "TEXT", nullable: false),
                    call_type = table.Column<string>(type: "TEXT", nullable: false),
                    caller = table.Column<string>(type: "TEXT", nullable: false),
                    callee = table.Column<string>(type: "TEXT", nullable: false),
                    agent_id = table.Column<string>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_event_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calls_in_progress", x => x.contact_id);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    contact_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    company = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    city = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    is_vip = table.Column<bool>(type: "INTEGER", nullable: false),
                    owner_agent_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "recordings_ready",
                columns: table => new
                {
                    contact_id = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recordings_ready", x => x.contact_id);
                });

            migrationBuilder.CreateTable(
                name: "customer_notes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<string>(type: "TEXT", nullable: false),
                    contact_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    agent_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_notes", x => x.id);
                    table.ForeignKey(
                        name: "FK_customer_notes_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_phones",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<string>(type: "TEXT", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_phones", x => x.id);
                    table.ForeignKey(
                        name: "FK_customer_phones_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_call_history_customer_id",
                table: "call_history",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "IX_call_history_customer_number",
                table: "call_history",
                column: "customer_number");

            migrationBuilder.CreateIndex(
                name: "IX_call_history_start_time",
                table: "call_history",
                column: "start_time",
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "IX_customer_notes_contact_id",
                table: "customer_notes",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "IX_customer_notes_customer_id_created_at",
                table: "customer_notes",
                columns: new[] { "customer_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_customer_phones_customer_id_position",
                table: "customer_phones",
                columns: new[] { "customer_id", "position" });

            migrationBuilder.CreateIndex(
                name: "IX_customer_phones_number",
                table: "customer_phones",
                column: "number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_agents");

            migrationBuilder.DropTable(
                name: "call_history");

            migrationBuilder.DropTable(
                name: "calls_in_progress");

            migrationBuilder.DropTable(
                name: "customer_notes");

            migrationBuilder.DropTable(
                name: "customer_phones");

            migrationBuilder.DropTable(
                name: "recordings_ready");

            migrationBuilder.DropTable(
                name: "customers");
        }
    }
}
