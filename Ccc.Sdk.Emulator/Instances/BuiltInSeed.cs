namespace Ccc.Sdk.Emulator.Instances;

/// <summary>The built-in <c>ccc-local</c> instance every emulator starts with (unless a seed file replaces it).</summary>
internal static class BuiltInSeed
{
    public static SeedDocument Create()
    {
        const string id = CccEmulator.DefaultInstanceId;
        const string agentRole = "Agent@" + id;
        const string adminRole = "Admin@" + id;
        string Sg(string name) => name + "@" + id;

        return new SeedDocument
        {
            Instances =
            [
                new SeedInstance
                {
                    InstanceId = id,
                    BreakCodes = ["default", "lunchtime", "meeting", "training"],
                    Roles =
                    [
                        new SeedRole { RoleId = adminRole, RoleName = "Admin" },
                        new SeedRole { RoleId = agentRole, RoleName = "Agent" },
                        new SeedRole { RoleId = "Operator@" + id, RoleName = "Operator" },
                    ],
                    SkillGroups =
                    [
                        new SeedSkillGroup { Name = "sales", DisplayName = "Sales", Description = "Outbound and inbound sales" },
                        new SeedSkillGroup { Name = "support", DisplayName = "Support", Description = "Customer support hotline" },
                    ],
                    Users =
                    [
                        new SeedUser
                        {
                            LoginName = "agent1", DisplayName = "Alice Wang", DisplayId = "1001", Email = "agent1@example.com",
                            Mobile = "13900000001", Extension = "8001", RoleId = agentRole,
                            SkillLevels = [new SeedSkillLevel { SkillGroupId = Sg("sales"), SkillLevel = 5 }, new SeedSkillLevel { SkillGroupId = Sg("support"), SkillLevel = 3 }],
                        },
                        new SeedUser
                        {
                            LoginName = "agent2", DisplayName = "Bob Li", DisplayId = "1002", Email = "agent2@example.com",
                            Mobile = "13900000002", Extension = "8002", RoleId = agentRole,
                            SkillLevels = [new SeedSkillLevel { SkillGroupId = Sg("sales"), SkillLevel = 5 }],
                        },
                        new SeedUser
                        {
                            LoginName = "agent3", DisplayName = "Chen Zhang", DisplayId = "1003", Email = "agent3@example.com",
                            Mobile = "18600000003", Extension = "8003", RoleId = agentRole,
                            SkillLevels = [new SeedSkillLevel { SkillGroupId = Sg("support"), SkillLevel = 10 }],
                        },
                        new SeedUser
                        {
                            // The supervisor: an Admin in no skill group, so no queue routes to her; she may monitor,
                            // coach, barge in on and intercept other agents' calls (docs/decisions/0006).
                            LoginName = "supervisor", DisplayName = "Dana Zhou", DisplayId = "1009", Email = "supervisor@example.com",
                            Mobile = "13900000009", Extension = "8004", RoleId = adminRole,
                        },
                    ],
                    PhoneNumbers =
                    [
                        new SeedPhoneNumber
                        {
                            Number = "02150000001", Usage = "Bidirection", Provider = "CMCC", Province = "上海", City = "上海",
                            SkillGroupIds = [Sg("sales"), Sg("support")],
                        },
                        new SeedPhoneNumber
                        {
                            Number = "01050000002", Usage = "Bidirection", Provider = "CUCC", Province = "北京", City = "北京",
                            SkillGroupIds = [Sg("sales")],
                        },
                        new SeedPhoneNumber
                        {
                            // A partner (carrier) number that mobile phones display as a regular mobile caller id.
                            Number = "17150000003", Usage = "Outbound", Provider = "Partner", Province = "广东", City = "广州",
                            SkillGroupIds = [Sg("sales")],
                        },
                        new SeedPhoneNumber
                        {
                            Number = "4001234567", Usage = "Inbound", Provider = "CTCC", Province = "上海", City = "上海",
                            ContactFlowId = "flow-support@" + id, ContactFlowName = "Support hotline",
                            SkillGroupIds = [Sg("support")],
                        },
                    ],
                },
            ],
            NumberLocations =
            [
                new SeedNumberLocation { Prefix = "010", Province = "北京", City = "北京" },
                new SeedNumberLocation { Prefix = "021", Province = "上海", City = "上海" },
                new SeedNumberLocation { Prefix = "020", Province = "广东", City = "广州" },
                new SeedNumberLocation { Prefix = "0755", Province = "广东", City = "深圳" },
                new SeedNumberLocation { Prefix = "0571", Province = "浙江", City = "杭州" },
                new SeedNumberLocation { Prefix = "138", Province = "北京", City = "北京" },
                new SeedNumberLocation { Prefix = "139", Province = "上海", City = "上海" },
                new SeedNumberLocation { Prefix = "186", Province = "广东", City = "广州" },
                new SeedNumberLocation { Prefix = "171", Province = "广东", City = "广州" },
                new SeedNumberLocation { Prefix = "400", Province = "", City = "" },
            ],
        };
    }
}
