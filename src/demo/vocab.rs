//! Word lists for companies, sources, tags, extra fields, notes and mail subjects. Texts come in
//! pairs (Japanese, English): the lead's language picks one.

/// A Japanese/English text pair.
pub type Pair = (&'static str, &'static str);

/// Industries: (Japanese label, English label).
pub const INDUSTRIES: &[Pair] = &[
    ("製造業", "Manufacturing"),
    ("IT・ソフトウェア", "IT/Software"),
    ("小売", "Retail"),
    ("卸売", "Wholesale"),
    ("物流", "Logistics"),
    ("医療", "Healthcare"),
    ("金融", "Finance"),
    ("建設・不動産", "Construction & Real Estate"),
    ("食品", "Food & Beverage"),
];

/// Employee ranges (min, max; `None` = open-ended) and their weights.
pub const EMPLOYEES: &[(u32, Option<u32>, u32)] = &[
    (1, Some(9), 8),
    (10, Some(49), 22),
    (50, Some(99), 20),
    (100, Some(499), 27),
    (500, Some(999), 11),
    (1000, None, 12),
];

/// Japanese company name cores: text, romaji for the domain.
pub const JA_CORES: &[(&str, &str)] = &[
    ("東和", "towa"),
    ("北辰", "hokushin"),
    ("光洋", "koyo"),
    ("三栄", "sanei"),
    ("青葉", "aoba"),
    ("若葉", "wakaba"),
    ("朝日", "asahi"),
    ("中央", "chuo"),
    ("富士見", "fujimi"),
    ("大和", "yamato"),
    ("協和", "kyowa"),
    ("昭栄", "shoei"),
    ("明和", "meiwa"),
    ("日進", "nisshin"),
    ("太陽", "taiyo"),
    ("東邦", "toho"),
    ("湘南", "shonan"),
    ("武蔵野", "musashino"),
    ("瀬戸内", "setouchi"),
    ("丸八", "maruhachi"),
    ("サクラ", "sakura"),
    ("ミライ", "mirai"),
    ("アオイ", "aoi"),
    ("ハヤブサ", "hayabusa"),
    ("ネクスト", "next"),
    ("ブライト", "bright"),
    ("クレスト", "crest"),
    ("ソレイユ", "soleil"),
    ("アルファ", "alpha"),
    ("フォレスト", "forest"),
];

/// Japanese lines of business: text, romaji, index into [`INDUSTRIES`].
pub const JA_BUSINESSES: &[(&str, &str, usize)] = &[
    ("工業", "kogyo", 0),
    ("精機", "seiki", 0),
    ("製作所", "seisakusho", 0),
    ("電機", "denki", 0),
    ("化学", "kagaku", 0),
    ("システムズ", "systems", 1),
    ("ソフトウェア", "software", 1),
    ("テクノロジーズ", "tech", 1),
    ("ネットワークス", "networks", 1),
    ("ストア", "store", 2),
    ("リテール", "retail", 2),
    ("商事", "shoji", 3),
    ("商会", "shokai", 3),
    ("物流", "butsuryu", 4),
    ("運輸", "unyu", 4),
    ("メディカル", "medical", 5),
    ("ファーマ", "pharma", 5),
    ("ファイナンス", "finance", 6),
    ("リース", "lease", 6),
    ("建設", "kensetsu", 7),
    ("不動産", "fudosan", 7),
    ("フーズ", "foods", 8),
    ("食品", "shokuhin", 8),
];

/// English company name cores.
pub const EN_CORES: &[&str] = &[
    "Northwind",
    "Bluefin",
    "Granite",
    "Harbor",
    "Summit",
    "Redwood",
    "Pinecrest",
    "Silverline",
    "Brightwater",
    "Ironbridge",
    "Oakridge",
    "Keystone",
    "Lakeside",
    "Evergreen",
    "Crescent",
    "Meridian",
    "Atlas",
    "Beacon",
    "Cobalt",
    "Juniper",
    "Riverstone",
    "Highland",
    "Kestrel",
    "Foxglove",
];

/// English lines of business: text, index into [`INDUSTRIES`].
pub const EN_BUSINESSES: &[(&str, usize)] = &[
    ("Manufacturing", 0),
    ("Components", 0),
    ("Industries", 0),
    ("Software", 1),
    ("Systems", 1),
    ("Analytics", 1),
    ("Cloud", 1),
    ("Retail", 2),
    ("Outfitters", 2),
    ("Supply", 3),
    ("Trading", 3),
    ("Logistics", 4),
    ("Freight", 4),
    ("Health", 5),
    ("Medical", 5),
    ("Capital", 6),
    ("Financial", 6),
    ("Builders", 7),
    ("Properties", 7),
    ("Foods", 8),
    ("Brewing", 8),
];

/// Where Japanese leads come from, with weights (inbound calls are assigned by the journal).
pub const JA_SOURCES: &[(&str, u32)] = &[
    ("web_form", 28),
    ("webinar", 12),
    ("セミナー", 10),
    ("資料請求", 10),
    ("trade_show", 14),
    ("referral", 8),
    ("purchased_list", 18),
];

/// Where English-speaking leads come from, with weights.
pub const EN_SOURCES: &[(&str, u32)] = &[
    ("web_form", 34),
    ("webinar", 20),
    ("trade_show", 12),
    ("referral", 12),
    ("purchased_list", 22),
];

/// Tags for Japanese leads.
pub const JA_TAGS: &[&str] = &[
    "決裁者",
    "要フォロー",
    "展示会2025",
    "競合利用中",
    "既存顧客紹介",
    "ホット",
    "enterprise",
];

/// Tags for English-speaking leads.
pub const EN_TAGS: &[&str] = &[
    "decision-maker",
    "hot",
    "enterprise",
    "follow-up",
    "competitor-user",
    "partner",
];

/// When the lead plans to buy (an import column kept as an extra field).
pub const TIMELINES: &[Pair] = &[
    ("3ヶ月以内", "This quarter"),
    ("半年以内", "Within 6 months"),
    ("1年以内", "This year"),
    ("未定", "Not sure yet"),
];

/// Trade shows (kept as an extra field on trade-show leads).
pub const TRADE_SHOWS: &[Pair] = &[
    ("DX総合EXPO 春", "SaaS Connect Spring"),
    ("営業支援EXPO 秋", "Sales Ops Summit"),
    ("ものづくりワールド", "Manufacturing Tech Expo"),
];

/// Campaigns (kept as an extra field).
pub const CAMPAIGNS: &[&str] = &[
    "q1-webinar",
    "pricing-page",
    "linkedin-ads",
    "partner-referral",
    "newsletter",
];

/// Free-text notes that came with the import.
pub const IMPORT_NOTES: &[Pair] = &[
    (
        "資料請求時のコメント：営業リストの管理方法を見直したい",
        "Form comment: looking to replace spreadsheets for lead tracking",
    ),
    (
        "展示会ブースで名刺交換。CRM移行に関心あり",
        "Met at the booth; interested in moving off the old CRM",
    ),
    (
        "ウェビナー後アンケート：導入事例の資料を希望",
        "Webinar survey: asked for customer case studies",
    ),
    (
        "問い合わせ内容：料金体系について",
        "Enquiry: pricing for a team of ten",
    ),
];

/// Notes on a call that reached the person.
pub const CONVERSATION_NOTES: &[Pair] = &[
    (
        "情シス部長と通話。来期のシステム刷新を検討中、予算は下期に確定予定。",
        "Spoke with the IT director: evaluating a replacement for next year, budget set in H2.",
    ),
    (
        "資料送付を希望。来週あらためて感想を伺う。",
        "Wants the deck by mail; will ask for feedback next week.",
    ),
    (
        "現在はExcelで管理しており属人化が課題とのこと。",
        "Tracks leads in spreadsheets today; follow-ups fall through the cracks.",
    ),
    (
        "他社ツールを利用中。契約更新は9月。",
        "Uses a competitor; their contract renews in September.",
    ),
    (
        "決裁者は経営企画部の部長。同席での打ち合わせを提案。",
        "Decision maker is the COO; suggested a joint call.",
    ),
    (
        "営業チーム12名。架電件数の可視化に関心が高い。",
        "Sales team of 12; keen on call-activity reporting.",
    ),
];

/// Notes on a call with a callback time.
pub const CALLBACK_NOTES: &[Pair] = &[
    (
        "会議中のため、指定の時間に折り返し。",
        "In a meeting; call back at the time they gave.",
    ),
    (
        "移動中。明日の午前中なら話せるとのこと。",
        "Driving; asked for a call tomorrow morning.",
    ),
];

/// Notes on a call that set a meeting.
pub const MEETING_NOTES: &[Pair] = &[
    (
        "オンライン商談を設定。課長と部長が同席予定。",
        "Video meeting booked; the manager and the VP will join.",
    ),
    (
        "訪問での打ち合わせを希望。デモを実施予定。",
        "Wants an on-site meeting with a live demo.",
    ),
];

/// Notes on a call stopped at reception.
pub const GATEKEEPER_NOTES: &[Pair] = &[
    (
        "受付にて不在。戻り時間は不明。",
        "Reception says out of office; no return time.",
    ),
    (
        "受付で取り次ぎ不可。メールでの連絡を案内された。",
        "Receptionist would not transfer; told to send an email.",
    ),
];

/// Notes when the lead said no.
pub const NOT_INTERESTED_NOTES: &[Pair] = &[
    (
        "現状で困っていないとのこと。",
        "Happy with how things are today.",
    ),
    ("今期は予算がないため見送り。", "No budget this year."),
    (
        "他社で導入を決定済み。",
        "Already signed with a competitor.",
    ),
    (
        "組織変更の最中のため、落ち着いてから再度相談したい。",
        "Reorganising; asked us to check back later.",
    ),
];

/// Notes when the lead asked never to be called.
pub const DO_NOT_CALL_NOTES: &[Pair] = &[
    (
        "今後の電話連絡は不要とのこと。",
        "Asked not to be called again.",
    ),
    (
        "営業電話お断り。リストから削除希望。",
        "No sales calls; asked to be removed from the list.",
    ),
];

/// Notes on a wrong number or bad data.
pub const WRONG_NUMBER_NOTES: &[Pair] = &[
    (
        "番号違い。該当する担当者はいないとのこと。",
        "Wrong number: nobody of that name there.",
    ),
    (
        "別会社につながった。登録情報の誤りと思われる。",
        "Reached a different company; the form data looks wrong.",
    ),
];

/// Notes on an inbound call.
pub const INBOUND_NOTES: &[Pair] = &[
    (
        "料金ページを見て入電。10名規模での見積もりを希望。",
        "Called in after the pricing page; wants a quote for ten seats.",
    ),
    (
        "導入事例を見て問い合わせ。来月から検討開始。",
        "Called after reading a case study; starting an evaluation next month.",
    ),
];

/// Handoff summaries written with an escalation.
pub const ESCALATION_NOTES: &[Pair] = &[
    (
        "BANT確認済み。予算：下期確保済み、決裁者：部長、課題：架電管理の属人化、時期：3ヶ月以内。",
        "BANT confirmed. Budget: approved for H2; authority: VP Sales; need: no call tracking; timeline: this quarter.",
    ),
    (
        "課題とタイムラインを確認。決裁者同席の商談を設定。",
        "Need and timeline confirmed; meeting set with the economic buyer.",
    ),
];

/// Notes on the next call or task.
pub const NEXT_ACTION_NOTES: &[Pair] = &[
    ("見積もりの件で確認", "Follow up on the quote"),
    (
        "決裁者同席の日程調整",
        "Set up a call with the decision maker",
    ),
    ("資料の感想を伺う", "Ask for feedback on the deck"),
    ("来期予算の確認", "Check next year's budget"),
    ("", ""),
];

/// Mail templates the journal uses, with their subjects.
pub const MAIL_FIRST: (&str, Pair) = (
    "first-follow-up",
    (
        "先ほどはお電話ありがとうございました",
        "Thanks for your time today",
    ),
);
/// The after-voicemail mail.
pub const MAIL_VOICEMAIL: (&str, Pair) = (
    "after-voicemail",
    ("お電話いたしました件につきまして", "Sorry I missed you"),
);
/// The meeting confirmation.
pub const MAIL_MEETING: (&str, Pair) = (
    "meeting-confirmation",
    ("お打ち合わせ日程のご確認", "Confirming our meeting"),
);
/// The re-engagement mail.
pub const MAIL_REENGAGE: (&str, Pair) = (
    "re-engagement",
    ("その後いかがでしょうか", "Checking back in"),
);
/// The last mail of a sequence.
pub const MAIL_BREAKUP: (&str, Pair) = ("breakup", ("最後のご連絡となります", "Closing the loop"));
