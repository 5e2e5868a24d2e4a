namespace Ccc.Sdk.TestSupport.Live;

/// <summary>
/// The reviewed list of CCC OpenAPI (2020-07-01) actions the live tests may send to a real instance without the second
/// switch (<see cref="LiveTarget.AllowWritesVariable"/>): each one only reads. A name is not enough — <c>Get*</c>
/// hands out upload credentials and SIP passwords, <c>Export*</c> writes files, <c>PollUserStatus</c> is the
/// Workbench's heartbeat — so every action is listed by hand, and every action of the cloud's description that looks
/// like a read but is not on the list is in <see cref="ReviewedExclusions"/> with the reason (a test checks both lists
/// against <c>api/ccc-api-2020-07-01.json</c>, so a newer description forces a new review).
/// </summary>
public static class LiveReadOnlyActions
{
    /// <summary>The actions the read-only guard lets through (ordinal, case-sensitive names).</summary>
    public static IReadOnlySet<string> Allowed { get; } = new SortedSet<string>(StringComparer.Ordinal)
    {
        "GetAudioFile",
        "GetAudioFileDownloadUrl",
        "GetCallDetailRecord",
        "GetCampaign",
        "GetChatMediaUrl",
        "GetChatRoutingProfile",
        "GetContactFlow",
        "GetConversationDetail",
        "GetEarlyMediaRecording",
        "GetHistoricalCallerReport",
        "GetHistoricalCampaignReport",
        "GetHistoricalInstanceReport",
        "GetInstance",
        "GetInstanceTrendingReport",
        "GetIvrTrackingSummary",
        "GetMonoRecording",
        "GetMultiChannelRecording",
        "GetNumberLocation",
        "GetRealtimeCampaignStats",
        "GetRealtimeInstanceStates",
        "GetSchema",
        "GetSkillGroup",
        "GetSummaryTemplate",
        "GetTicket",
        "GetTicketSummaryReport",
        "GetTicketTemplate",
        "GetTurnServerList",
        "GetUser",
        "GetVideo",
        "GetVoicemailRecording",
        "ListAgentStateLogs",
        "ListAgentStates",
        "ListAgentSummaryReportsSinceMidnight",
        "ListAttempts",
        "ListAudioFiles",
        "ListBlacklistCallTaggings",
        "ListBriefSkillGroups",
        "ListCallDetailRecords",
        "ListCallDetailRecordsV2",
        "ListCallSummaries",
        "ListCallTags",
        "ListCampaignTrendingReport",
        "ListCampaigns",
        "ListCases",
        "ListCategories",
        "ListCommonTicketFields",
        "ListConfigItems",
        "ListContactFlows",
        "ListCustomCallTagging",
        "ListDevices",
        "ListDoNotCallNumbers",
        "ListDocuments",
        "ListFeedbacks",
        "ListFlashSmsApplications",
        "ListFlashSmsSettings",
        "ListFlashSmsTemplates",
        "ListGroupChatMessages",
        "ListHistoricalAgentReport",
        "ListHistoricalAgentSkillGroupReport",
        "ListHistoricalSkillGroupReport",
        "ListInstances",
        "ListInstancesOfUser",
        "ListIntervalAgentReport",
        "ListIntervalAgentSkillGroupReport",
        "ListIntervalInstanceReport",
        "ListIntervalSkillGroupReport",
        "ListIvrTrackingDetails",
        "ListLegacyAgentEventLogs",
        "ListLegacyAgentStatusLogs",
        "ListLegacyAppraiseLogs",
        "ListLegacyQueueEventLogs",
        "ListMonoRecordings",
        "ListMultiChannelRecordings",
        "ListNotificationRecords",
        "ListOutboundNumbersOfUser",
        "ListPersonalNumbersOfUser",
        "ListPhoneNumbers",
        "ListPhoneNumbersOfSkillGroup",
        "ListPrivilegesOfUser",
        "ListRamUsers",
        "ListRealtimeAgentStates",
        "ListRealtimeSkillGroupStates",
        "ListRecentCallDetailRecords",
        "ListRoles",
        "ListSkillGroupStates",
        "ListSkillGroupSummaryReportsSinceMidnight",
        "ListSkillGroups",
        "ListSkillLevelsOfUser",
        "ListSmsMetadata",
        "ListTicketTasks",
        "ListTicketTemplates",
        "ListTickets",
        "ListUnassignedNumbers",
        "ListUserLevelsOfSkillGroup",
        "ListUsers",
        "ListVisitorChatMessages",
        "ListVoicemails",
        "ListWaitingChats",
    };

    /// <summary>
    /// Actions whose names look like reads (<c>Get</c>, <c>List</c>, <c>Describe</c>, <c>Query</c>, <c>Export</c>,
    /// <c>Poll</c>, <c>Pick</c>, <c>Check</c>, <c>Analyze</c>) but that the guard refuses without the second switch, each
    /// with the reason.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReviewedExclusions { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["AnalyzeConversation"] = "starts a paid analysis job on a conversation",
        ["ExportContactFlow"] = "an export: kept behind the switch with the other Export actions",
        ["ExportCustomCallTagging"] = "writes an export file to the instance's storage",
        ["ExportDoNotCallNumbers"] = "writes an export file to the instance's storage",
        ["GetAccessChannelOfStaging"] = "a staging-only action without an instance: not part of a user's instance",
        ["GetAudioFileUploadParameters"] = "hands out upload credentials (a grant to write)",
        ["GetCaseFileUploadUrl"] = "hands out an upload URL (a grant to write)",
        ["GetDataChannelCredentials"] = "issues credentials for a device's data channel",
        ["GetDoNotCallFileUploadParameters"] = "hands out upload credentials (a grant to write)",
        ["GetDocumentUploadParameters"] = "hands out upload credentials (a grant to write)",
        ["GetLoginDetails"] = "returns the agent's SIP credentials (a secret the tests must not hold)",
        ["GetTurnCredentials"] = "issues TURN credentials",
        ["GetUploadAudioDataParams"] = "hands out upload parameters (a grant to write)",
        ["GetVisitorLoginDetails"] = "creates a visitor's chat session and token",
        ["PickOutboundNumbers"] = "selects caller numbers for a call about to be placed (part of placing a call)",
        ["PollUserStatus"] = "the Workbench's heartbeat: it keeps the agent's session alive",
    };

    /// <summary>The name prefixes that make an action look like a read (what <see cref="ReviewedExclusions"/> covers).</summary>
    public static IReadOnlyList<string> ReadLookingPrefixes { get; } =
        ["Get", "List", "Describe", "Query", "Export", "Poll", "Pick", "Check", "Analyze", "Search"];

    /// <summary>Whether <paramref name="action"/> is on the reviewed read-only list.</summary>
    /// <param name="action">The OpenAPI action name.</param>
    public static bool IsReadOnly(string? action) => action is not null && Allowed.Contains(action);
}
