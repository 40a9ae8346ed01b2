"""The languages of kamlit's pages: one message catalogue, Chinese and English.

`resolve_lang("auto")` takes the language from the locale (`$LC_ALL`, `$LC_MESSAGES`,
`$LANG`: Chinese when the first one set starts with `zh`, else English). `catalogue(lang)`
returns a `Catalogue`, whose `t(key, **values)` formats one message (`str.format` fields) and
whose `subset(prefix)` hands a page's script the messages it needs, so Python and JavaScript
read the same catalogue. A key missing from a language is an error (a test checks that both
languages have every key), never a silent fallback to the other language.

The warnings an analysis gives (a small corpus, a fit that did not converge) are `Notice`s: a
message key and its values, carried in the result next to the English sentence
(`warnings`), so the console and each page render them in their own language
(`Catalogue.warnings`); a result read from an older file without notices shows its English.

Input problems and errors are notices too: a `Problem` of `kamlit.ingest` made with
`Problem.of` and a `KamlitError` raised with `kamlit.errors.message(key, …)` carry a key and
values (a value may itself be a notice: an error wrapped in `{message}; file skipped`), and
the command line renders them in its language; their English (`message`) is what they always
said, and what JSON files and manifest.json keep.

Sector labels follow one rule everywhere: a defined sector shows its lexicon label (电信,
邮政…) and `general` shows as `sector.general` (综合 / general).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
HTML_LANG: dict[Lang, str] = {"zh": "zh-CN", "en": "en"}

# key -> (Chinese, English). Keys are grouped by page: `report.`, `explorer.`, `graph.`, and
# the shared ones (`sector.`, `quadrant.`, `common.`).
MESSAGES: dict[str, tuple[str, str]] = {
    # shared
    "sector.general": ("综合", "general"),
    "common.records": ("{n} 篇文献", "{n} records"),
    "common.record_one": ("{n} 篇文献", "{n} record"),
    "quadrant.motor": ("动力主题", "motor themes"),
    "quadrant.basic": ("基础主题", "basic themes"),
    "quadrant.niche": ("利基主题", "niche themes"),
    "quadrant.emerging": ("新兴或衰退主题", "emerging or declining themes"),
    "quadrant.intro": (
        "主题图（Callon 战略坐标）：横轴为中心度（与其他社区联系的强度），"
        "纵轴为密度（社区内部联系的强度）。",
        "Thematic map (Callon's strategic diagram): the horizontal axis is centrality (how "
        "strongly a community links to the others), the vertical axis density (how strongly it "
        "holds together).",
    ),
    "quadrant.motor.help": (
        "中心度高、密度高：发展成熟且处于领域核心。",
        "high centrality, high density: well developed and central to the field.",
    ),
    "quadrant.basic.help": (
        "中心度高、密度低：领域共同的基础，内部尚未成体系。",
        "high centrality, low density: common ground of the field, not yet developed internally.",
    ),
    "quadrant.niche.help": (
        "中心度低、密度高：内部成熟但较为孤立的专门话题。",
        "low centrality, high density: developed but specialised and peripheral.",
    ),
    "quadrant.emerging.help": (
        "中心度低、密度低：新出现或正在衰退的话题。",
        "low centrality, low density: just emerging or fading away.",
    ),
    # figures
    "figure.no_themes": ("没有主题（图中没有边）", "No themes (the graph has no links)"),
    "figure.centrality": (
        "相关度：Callon 中心度（排名）",
        "Relevance degree (Callon centrality rank)",
    ),
    "figure.density": ("发展度：密度（排名）", "Development degree (density rank)"),
    "figure.thematic_map": ("主题地图", "Thematic map"),
    "figure.topics_title": (
        "{k} 个主题 · {engine} · 种子 {seed} · 平均 c_v {cv}",
        "{k} topics · {engine} · seed {seed} · mean c_v {cv}",
    ),
    "figure.no_topics": ("没有主题", "no topics"),
    "figure.topic_title": (
        "{id}. {label}\n占比 {share} · c_v {cv}",
        "{id}. {label}\nshare {share} · c_v {cv}",
    ),
    # report (index.html)
    "report.title": ("kamlit 报告 · {n} 篇摘要", "kamlit report — {n} abstracts"),
    "report.nav.overview": ("概览", "Overview"),
    "report.nav.topics": ("主题", "Topics"),
    "report.nav.graph": ("概念网络", "Concept graph"),
    "report.nav.digests": ("行业摘要", "Sector digests"),
    "report.nav.records": ("文献", "Records"),
    "report.nav.about": ("关于本次运行", "About this run"),
    "report.small_corpus": (
        "本语料只有 {n} 篇摘要。如此少的文本得出的主题、网络社区和摘要只是探索性的：请阅读证据，"
        "查看一致性和稳定性指标，不要过度引申。",
        "This corpus has {n} abstracts. Topics, graph communities and digests from so few texts "
        "are exploratory: read the evidence, check the coherence and stability figures, and do "
        "not over-claim.",
    ),
    "report.overview": ("语料概览", "Corpus overview"),
    "report.card.records": ("文献数", "Records"),
    "report.card.files": ("文件", "Files"),
    "report.card.years": ("年份", "Years"),
    "report.card.titled": ("有标题", "With title"),
    "report.card.truncated": ("摘要被来源截断", "Abstracts cut by the source"),
    "report.of": ("{a} / {b}", "{a} of {b}"),
    "report.years_range": ("{first}–{last}（{dated} 篇有年份）", "{first}–{last} ({dated} dated)"),
    "report.unknown": ("不详", "unknown"),
    "report.bars.sectors": ("行业", "Sectors"),
    "report.bars.years": ("年份", "Years"),
    "report.bars.journals": ("期刊", "Journals"),
    "report.topics": ("主题", "Topics"),
    "report.no_topics": ("本次运行没有主题模型。", "No topic model in this run."),
    "report.topics_head": (
        "{engine} LDA，K = {k}，随机种子 {seed}；平均一致性（c_v）{coherence}",
        "{engine} LDA, K = {k}, seed {seed}; mean coherence (c_v) {coherence}",
    ),
    "report.topics_stability": (
        "；多种子稳定性（主题词 Jaccard）{stability}",
        "; stability across seeds (top-term Jaccard) {stability}",
    ),
    "report.col.label": ("标签", "Label"),
    "report.col.top_terms": ("主题词", "Top terms"),
    "report.col.share": ("占比", "Share"),
    "report.col.coherence": ("一致性", "Coherence"),
    "report.col.stability": ("稳定性", "Stability"),
    "report.col.top_records": ("代表文献", "Top records"),
    "report.link.explorer": ("打开主题浏览器", "Open the topic explorer"),
    "report.link.selection": ("K 值选择表（CSV）", "K selection table (CSV)"),
    "report.link.topic_terms": ("主题词表（CSV）", "Topic terms (CSV)"),
    "report.link.doc_topics": ("文献–主题占比（CSV）", "Document–topic shares (CSV)"),
    "report.k_chosen": ("K 值是如何选出的", "How K was chosen"),
    "report.alt.topics": ("各主题的主题词", "Top terms per topic"),
    "report.figure.other": ("论文用图（{fmt}）", "Figure for papers ({fmt})"),
    "report.graph": ("概念网络", "Concept graph"),
    "report.no_graph": ("本次运行没有概念网络。", "No concept graph in this run."),
    "report.link.graph": ("全屏打开概念网络", "Open the graph browser full-page"),
    "report.link.gexf": ("GEXF（Gephi）", "GEXF (Gephi)"),
    "report.link.vosviewer": ("VOSviewer 地图", "VOSviewer map"),
    "report.iframe.graph": ("概念网络浏览器", "Concept graph browser"),
    "report.col.concept": ("概念", "Concept"),
    "report.col.frequency": ("频次", "Frequency"),
    "report.col.records": ("文献数", "Records"),
    "report.col.community": ("社区", "Community"),
    "report.top_concepts": ("最常见的概念", "Most frequent concepts"),
    "report.col.theme": ("主题", "Theme"),
    "report.col.quadrant": ("象限", "Quadrant"),
    "report.col.size": ("概念数", "Concepts"),
    "report.themes": ("社区与主题图象限", "Communities and their thematic-map quadrant"),
    "report.alt.thematic": ("主题图", "Thematic map"),
    "report.digests": ("行业摘要：推荐做法", "Sector digests: recommended practices"),
    "report.no_digests": ("本次运行没有行业摘要。", "No digests in this run."),
    "report.digest_basis": ("基于 {records}", "based on {records}"),
    "report.few_records": (
        "只有 {records}：请当作线索而非结论来读。",
        "Only {records}: read these as leads, not findings.",
    ),
    "report.no_statements": ("没有找到推荐性陈述。", "No recommending statements found."),
    "report.practice_meta": (
        "主题：{theme} · 支持：{records}",
        "Theme: {theme} · support: {records}",
    ),
    "report.compare": ("共有与特有的做法", "Shared versus distinctive practices"),
    "report.col.practice": ("做法", "Practice"),
    "report.shared": ("共有", "shared"),
    "report.distinctive": ("特有", "distinctive"),
    "report.link.digests_md": ("Markdown 版行业摘要", "Digests as Markdown"),
    "report.records": ("文献", "Records"),
    "report.search": ("搜索文献", "Search records"),
    "report.search_hint": ("搜索标题、作者、摘要…", "Search titles, authors, abstracts…"),
    "report.col.id": ("编号", "Id"),
    "report.col.title": ("标题", "Title"),
    "report.col.authors": ("作者", "Authors"),
    "report.col.source": ("来源", "Source"),
    "report.col.sector": ("行业", "Sector"),
    "report.col.cut": ("摘要截断", "Abstract cut"),
    "report.col.abstract": ("摘要", "Abstract"),
    "report.cut": ("截断", "cut"),
    "report.untitled": ("（无标题）", "(untitled)"),
    "report.count": ("{shown} / {total} 篇文献", "{shown} / {total} records"),
    "report.records_shown": (
        "本表只列出 {total} 篇中的 {shown} 篇（先列各页引用的文献，再按语料顺序），"
        "搜索只在其中进行；全部文献见 records.jsonl。",
        "This table shows {shown} of {total} records (those the pages cite first, then in "
        "corpus order) and searches those only; records.jsonl has every record.",
    ),
    "report.record_missing": (
        "文献 {id} 不在本页表中（表中只列出部分文献）；全部文献见 records.jsonl。",
        "Record {id} is not in this page's table (it shows part of the records); "
        "records.jsonl has every record.",
    ),
    "report.about": ("关于本次运行", "About this run"),
    "report.about_seed": (
        "随机种子 {seed}。版本：{versions}。",
        "Seed {seed}. Versions: {versions}.",
    ),
    "report.inputs": ("输入文件", "Inputs"),
    "report.notes": ("输入说明", "Input notes"),
    "report.link.manifest": (
        "manifest.json（输入、设置、版本、耗时）",
        "manifest.json (inputs, settings, versions, timings)",
    ),
    # topic explorer (topics.html)
    "explorer.sampled": (
        "文献较多：本页只收录每个主题占比最高的 {top} 篇（共 {shown} / {total} 篇），"
        "点击词语时只在其中查找；全部文献的主题占比见 doc_topics.csv。",
        "A large corpus: this page holds each topic's {top} records with the largest share of it "
        "({shown} of {total} records), and a clicked term is looked up among those only; "
        "doc_topics.csv has every record's shares.",
    ),
    "explorer.title": (
        "kamlit 主题 · {k} 个主题（{engine}，种子 {seed}）",
        "kamlit topics — {k} topics ({engine}, seed {seed})",
    ),
    "explorer.map": ("主题间距离图", "Intertopic distance map"),
    "explorer.map_hint": (
        "圆代表主题，面积为该主题在语料中的占比；距离为主题词分布的 Jensen–Shannon 距离"
        "（经典多维尺度降到二维）。点击圆选择主题。",
        "Circles are topics, their area the topic's share of the corpus; distance is the "
        "Jensen–Shannon distance of their term distributions (classical MDS to 2-D). Click a "
        "circle to select a topic.",
    ),
    "explorer.topic": ("主题", "Topic"),
    "explorer.all_terms": ("全部词", "all terms"),
    "explorer.relevance_hint": (
        "相关度 = λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w))。λ = 1 按词在主题中的概率排序，λ 越小越看重"
        "词对该主题的区分度。点击词条查看该主题中含这个词的文献和上下文。",
        "Relevance = λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w)). λ = 1 ranks terms by their "
        "probability in the topic, small λ by how distinctive they are for it. Click a term to "
        "read the records of the topic that use it, in context.",
    ),
    "explorer.key_total": ("语料总频次", "corpus frequency"),
    "explorer.key_topic": ("主题内估计频次", "estimated frequency within the topic"),
    "explorer.records": ("最能代表该主题的文献", "Records that load most on the topic"),
    "explorer.col.share": ("占比", "share"),
    "explorer.col.record": ("文献（标题，编号链接）", "record (title, id as link)"),
    "explorer.col.year": ("年份", "year"),
    "explorer.col.sectors": ("行业", "sectors"),
    "explorer.topics": ("主题列表", "Topics"),
    "explorer.col.label": ("标签（λ = 0.6）", "label (λ = 0.6)"),
    "explorer.col.top_terms": ("主题词", "top terms"),
    "explorer.sectors": ("各行业的主题占比", "Prevalence by sector"),
    "explorer.sectors_hint": (
        "某行业文献的平均主题占比（一篇文献可属于多个行业）。",
        "Mean topic share of the records in each sector (a record may count in several).",
    ),
    "explorer.years": ("各年份的主题占比", "Prevalence by year"),
    "explorer.years_hint": (
        "某年文献的平均主题占比；文献少于 {n} 篇的年份只显示篇数，不显示百分比。",
        "Mean topic share of each year's records; years with fewer than {n} records show their "
        "count, not a percentage.",
    ),
    "explorer.selection": ("K 值的选择", "Choosing K"),
    "explorer.col.chosen": ("", ""),
    "explorer.js.summary_docs": (
        "建模文献 {docs} 篇（共 {records} 篇）",
        "{docs} documents modelled (of {records} records)",
    ),
    "explorer.js.summary_terms": ("{n} 个词", "{n} terms"),
    "explorer.js.summary_coherence": (
        "平均一致性 c_v {cv}，c_npmi {npmi}",
        "mean coherence c_v {cv}, c_npmi {npmi}",
    ),
    "explorer.js.summary_stability": ("稳定性 {s}", "stability {s}"),
    "explorer.js.summary_seeds": ("（种子 {seeds}）", " over seeds {seeds}"),
    "explorer.js.topic_tip": ("主题 {id}：{label}（{share}）", "Topic {id}: {label} ({share})"),
    "explorer.js.terms_topic": (
        "主题 {id}（{label}）在 λ = {lambda} 时的前 {n} 个词",
        "Top {n} terms of topic {id} ({label}) at λ = {lambda}",
    ),
    "explorer.js.terms_corpus": ("全语料的前 {n} 个词", "Top {n} terms of the corpus"),
    "explorer.js.bar_tip": ("{term}：语料中 {total} 次", "{term}: {total} in the corpus"),
    "explorer.js.bar_tip_topic": (
        "，主题 {id} 中约 {est} 次，p(w|t) = {p}",
        ", about {est} in topic {id}, p(w|t) = {p}",
    ),
    "explorer.js.records_topic": (
        "最能代表主题 {id}（{label}）的文献",
        "Records that load most on topic {id} ({label})",
    ),
    "explorer.js.records_none": (
        "最能代表该主题的文献（请选择一个主题）",
        "Records that load most on the topic (select a topic)",
    ),
    "explorer.js.term_records": (
        "主题 {id}（{label}）中含“{term}”的文献：{n} 篇",
        "Records of topic {id} ({label}) that use “{term}”: {n}",
    ),
    "explorer.js.term_none": (
        "本页所存文献中没有找到“{term}”的原文（它可能只以同义词形式出现）。",
        "“{term}” does not occur verbatim in the records kept on this page (it may occur only as "
        "a synonym).",
    ),
    "explorer.js.back": ("返回主题文献", "Back to the topic's records"),
    "explorer.js.no_group": ("这些文献没有{field}信息。", "No {field} known for these records."),
    "explorer.js.field.sectors": ("行业", "sectors"),
    "explorer.js.field.years": ("年份", "years"),
    "explorer.js.topic_col": ("主题", "topic"),
    "explorer.js.few": ("{n} 篇", "{n} rec."),
    "explorer.js.few_tip": (
        "只有 {n} 篇文献，不计算百分比",
        "only {n} record(s): no percentage",
    ),
    "explorer.js.rule_auto": ("K 值为自动选择：{rule}。", "K was chosen automatically: {rule}."),
    "explorer.js.rule_fixed": (
        "K 值由用户指定（{rule}）；使用 --k auto 可比较不同 K。",
        "K was fixed by the user ({rule}); run with --k auto to compare K.",
    ),
    "explorer.rule.auto": (
        "主题质量 = 平均 c_v 一致性 × 主题多样性（所有主题前 {top} 个词中不重复词的比例），"
        "对各随机种子取平均；取质量与最佳 K 相差不超过 {tolerance} 的最小 K；保留质量最高的种子",
        "topic quality = mean c_v coherence × topic diversity (share of distinct words among "
        "the top {top} of all topics), averaged over the seeds; the smallest K within "
        "{tolerance} of the best K; the seed with the best quality is kept",
    ),
    "explorer.rule.fixed": ("K 固定为 {k}（--k）", "K fixed at {k} (--k)"),
    "explorer.rule.bound": (
        "主题质量 = 平均 c_v 一致性 × 主题多样性（所有主题前 {top} 个词中不重复词的比例）；"
        "每个 K 的下界 = 各随机种子质量的均值 − 其标准误；取下界与最佳下界之差不超过容差的最小 K，"
        "容差为最佳 K 的标准误，限定在 [{floor}, {ceiling}] 之内；保留质量最高的种子",
        "topic quality = mean c_v coherence × topic diversity (share of distinct words among "
        "the top {top} of all topics); each K's bound = its mean quality over the seeds minus "
        "its standard error; the smallest K whose bound is within a tolerance of the best "
        "bound, the tolerance being the best K's standard error clamped to [{floor}, "
        "{ceiling}]; the seed with the best quality is kept",
    ),
    "explorer.rule.numbers": (
        "K={best} 的下界最高：{bound} = 均值 {mean} − 标准误 {se}；容差 = {se} 限定在 "
        "[{floor}, {ceiling}] 之内 = {tolerance}；下界不低于 {bound} − {tolerance} = {threshold} "
        "的最小 K 为 K={k}",
        "K={best} has the best bound, {bound} = mean {mean} − standard error {se}; tolerance = "
        "{se} clamped to [{floor}, {ceiling}] = {tolerance}; the smallest K whose bound is at "
        "least {bound} − {tolerance} = {threshold} is K={k}",
    ),
    "explorer.rule.numbers_one_seed": (
        "K={best} 的质量最高：{bound}；每个 K 只拟合了一个种子，标准误无从度量，容差取上限 "
        "{tolerance}；质量不低于 {bound} − {tolerance} = {threshold} 的最小 K 为 K={k}",
        "K={best} has the best quality, {bound}; with one seed per K there is no standard "
        "error, so the tolerance is the ceiling, {tolerance}; the smallest K whose quality is "
        "at least {bound} − {tolerance} = {threshold} is K={k}",
    ),
    "explorer.js.chosen": ("◀ 选定", "◀ chosen"),
    "explorer.js.stability": ("稳定性", "stability"),
    "explorer.js.all_terms_option": ("— 全部词 —", "— all terms —"),
    "explorer.js.untitled": ("（无标题）", "(untitled)"),
    # graph page (graph.html)
    "graph.title": (
        "kamlit 概念共现网络 · {nodes} 个概念 · {edges} 条边",
        "kamlit concept graph · {nodes} concepts · {edges} links",
    ),
    "graph.heading": ("概念共现网络", "Concept co-occurrence graph"),
    "graph.controls": ("控制", "Controls"),
    "graph.search": ("搜索概念", "Search a concept"),
    "graph.search_hint": ("例如 {example}", "e.g. {example}"),
    "graph.go": ("查找", "Find"),
    "graph.color_by": ("着色", "Colour by"),
    "graph.color.community": ("社区", "community"),
    "graph.color.sector": ("行业", "sector"),
    "graph.sector_filter": ("行业筛选", "Sector"),
    "graph.all_sectors": ("全部行业", "all sectors"),
    "graph.min_weight": ("最小权重", "Min weight"),
    "graph.neighbours_only": (
        "只显示所选概念及其邻居",
        "Only the selected concept and its neighbours",
    ),
    "graph.reset": ("重置视图", "Reset view"),
    "graph.legend": ("图例", "Legend"),
    "graph.network": ("网络图", "Network"),
    "graph.hint": (
        "点击一个概念或一条边，查看其背后的原文句子。",
        "Click a concept or a link to read the sentences behind it.",
    ),
    "graph.quadrants": ("主题图象限说明", "What the quadrants mean"),
    "graph.window.sentence": ("句子", "sentence"),
    "graph.window.document": ("文献", "document"),
    "graph.measure.association": ("关联强度", "association strength"),
    "graph.measure.jaccard": ("Jaccard 系数", "Jaccard coefficient"),
    "graph.measure.npmi": ("NPMI 归一化点互信息", "normalised PMI"),
    "graph.measure.count": ("共现次数", "co-occurrence count"),
    "graph.backbone.off": ("关闭", "off"),
    "graph.backbone.alpha": ("α = {alpha}", "alpha {alpha}"),
    "graph.js.summary": (
        "{nodes} 个概念 · {edges} 条共现边 · 窗口：{window} · 权重：{measure} · 最少共现 {min} 次"
        " · 骨干过滤 {backbone} · {records} 篇记录",
        "{nodes} concepts · {edges} links · window: {window} · weight: {measure} · at least "
        "{min} co-occurrences · backbone {backbone} · {records} records",
    ),
    "graph.js.mixed": ("多个行业", "several sectors"),
    "graph.js.community": (
        "社区 {n}：{label}（{quadrant}）",
        "community {n}: {label} ({quadrant})",
    ),
    "graph.js.community_short": ("社区 {n}", "community {n}"),
    "graph.js.show_all": ("显示全部 {n} 句", "Show all {n} sentences"),
    "graph.js.show_held": ("显示本页收录的 {n} 句", "Show the {n} sentences this page holds"),
    "graph.js.held_of": (
        "本页收录 {shown} 句，共 {total} 句；全部句子见 {file}（或运行 kamlit graph show {term}）",
        "This page holds {shown} of the {total} sentences; all of them are in {file} (or run "
        "kamlit graph show {term})",
    ),
    "graph.js.capped": (
        " · 每条连线最多收录 {cap} 句原文（{edges} 条连线的句子更多，全部见 {file}）",
        " · at most {cap} sentences per link embedded ({edges} of the links have more: all of "
        "them are in {file})",
    ),
    "graph.js.year_unknown": ("年份不详", "year unknown"),
    "graph.js.year_one": ("{y} 年", "{y}"),
    "graph.js.year_span": ("{a}–{b} 年", "{a}–{b}"),
    "graph.js.node_facts": (
        "出现 {freq} 次，见于 {df} 篇记录 · {sectors} · {years}",
        "{freq} occurrences in {df} records · {sectors} · {years}",
    ),
    "graph.js.no_sector": ("无行业", "no sector"),
    "graph.js.node_stats": (
        " · 度 {degree} · 介数中心度 {bc} · 特征向量中心度 {ev}",
        " · degree {degree} · betweenness {bc} · eigenvector {ev}",
    ),
    "graph.js.neighbours": ("邻居（证据最多者在前）{n} 个", "{n} neighbours, most evidence first"),
    "graph.js.edge_facts": (
        "权重 {w} · 共现 {c} 次 · {r} 篇记录",
        "weight {w} · {c} co-occurrences · {r} records",
    ),
    "graph.js.edge_facts_measure": (
        "权重 {w}（{measure}）· 共现 {c} 次 · {r} 篇记录",
        "weight {w} ({measure}) · {c} co-occurrences · {r} records",
    ),
    "graph.js.no_neighbours": (
        "当前筛选条件下没有邻居。",
        "No neighbours under the current filters.",
    ),
    "graph.js.evidence": ("原文句子", "Evidence"),
    "graph.js.not_found": ("没有这个概念：{term}", "No such concept: {term}"),
    "graph.js.near": ("。相近：{terms}", ". Close: {terms}"),
    "graph.js.sep": ("、", ", "),
    # warnings the analyses give (Notice keys)
    "topics.warn.small_stability": (
        "只有 {n} 篇文献：从这么少的摘要得出的主题是探索性的，不是结论；"
        "{seeds} 个随机种子之间的稳定性为 {stability}"
        "（前 {top} 个主题词的最佳匹配 Jaccard 平均值；1 表示每次运行主题相同）",
        "only {n} documents: topics from so few abstracts are exploratory, not findings; "
        "stability across {seeds} seeds is {stability} (mean best-match Jaccard of the top-{top} "
        "terms; 1 means the same topics every run)",
    ),
    "topics.warn.small_unmeasured": (
        "只有 {n} 篇文献：从这么少的摘要得出的主题是探索性的，不是结论；未测量稳定性"
        "（topics.stability_runs = 1）",
        "only {n} documents: topics from so few abstracts are exploratory, not findings; "
        "stability was not measured (topics.stability_runs = 1)",
    ),
    "topics.warn.excluded": (
        "{records} 篇文献中有 {n} 篇没有词表中的词，未参与建模：{shown}",
        "{n} of {records} records have no vocabulary terms and were left out: {shown}",
    ),
    "topics.warn.all_terms": (
        "文献少于 {min} 篇：保留所有词（不应用 min_df 和 max_df）",
        "fewer than {min} documents: every term is kept (min_df and max_df are not applied)",
    ),
    "topics.warn.not_converged": (
        "拟合在 {iterations} {unit}的预算内没有收敛（容差 {tolerance}）；请调高 topics.passes",
        "the fit did not converge within its budget of {iterations} {unit} (tolerance "
        "{tolerance}); raise topics.passes",
    ),
    "topics.warn.unit.sweeps": ("次采样", "sweeps"),
    "topics.warn.unit.passes": ("遍迭代", "passes"),
    "topics.warn.k_corpus_max": (
        "选定的 K={k} 已是语料允许的最大值（文献数/2）；没有尝试更大的 K",
        "the chosen K={k} is the largest the corpus allows (documents/2); larger K were not tried",
    ),
    "topics.warn.k_range_max": (
        "选定的 K={k} 位于搜索范围的上限；调高 topics.k_max 可尝试更大的 K",
        "the chosen K={k} is at the top of the swept range; raise topics.k_max to try larger K",
    ),
    "graph.warn.no_text": (
        "语料中没有可用于构建网络的文本",
        "the corpus has no text to build a graph from",
    ),
    "graph.warn.no_edges": (
        "没有任何一对概念在每个{window}内共现至少 {min} 次：网络没有边",
        "no pair of concepts co-occurs at least {min} time(s) per {window}: the graph has no edges",
    ),
    "graph.warn.small": (
        "小语料（{records} 篇文献，{units} 个{window}）："
        "一条边的证据中位数只有 {median} 个{window}；相信一条边之前请先阅读证据",
        "small corpus ({records} records, {units} {window}s): the median link rests on {median} "
        "{window}s; read the evidence before trusting a link",
    ),
    "summarize.warn.abstracts": ("篇摘要", "abstracts"),
    "summarize.warn.abstract": ("篇摘要", "abstract"),
    "summarize.warn.none": (
        "没有文献属于{label}：{total} {noun}中没有一篇被归入该行业",
        "no record is about {label}: none of the {total} {noun} was assigned to it",
    ),
    "summarize.warn.absent_one": (
        "{total} {noun}中只有 {n} 篇属于{label}，少于 summarize.min_records（{min}）："
        "太少，无法归纳；请直接阅读",
        "only {n} of the {total} {noun} is about {label}, fewer than summarize.min_records "
        "({min}): too few to digest; read it directly",
    ),
    "summarize.warn.absent_few": (
        "{total} {noun}中只有 {n} 篇属于{label}，少于 summarize.min_records（{min}）："
        "太少，无法归纳；请直接阅读",
        "only {n} of the {total} {noun} are about {label}, fewer than summarize.min_records "
        "({min}): too few to digest; read them directly",
    ),
    "summarize.warn.few_one": (
        "只有 {n} 篇摘要：这些做法只是线索，不代表领域共识",
        "only {n} abstract: read these practices as leads, not as what the field agrees on",
    ),
    "summarize.warn.few": (
        "只有 {n} 篇摘要：这些做法只是线索，不代表领域共识",
        "only {n} abstracts: read these practices as leads, not as what the field agrees on",
    ),
    "summarize.warn.capped": (
        "找到 {found} 条推荐性陈述；只对线索最强的 {kept} 条做了归组（summarize.max_statements）",
        "{found} recommending statements found; the {kept} with the strongest cues were "
        "grouped (summarize.max_statements)",
    ),
    # command line (kamlit …): tables, notes and summaries
    "cli.error": ("kamlit：错误：{message}", "kamlit: error: {message}"),
    "cli.note": ("kamlit：提示：{message}", "kamlit: note: {message}"),
    "cli.warning_prefix": ("kamlit：警告：{message}", "kamlit: warning: {message}"),
    "cli.warning": ("警告：{message}", "warning: {message}"),
    "cli.written_to": ("已写入 {out}", "written to {out}"),
    "cli.written_files": ("已写入 {folder}/：{names}", "written to {folder}/: {names}"),
    "cli.open": ("打开 {index}", "open {index}"),
    "cli.sep": ("；", "; "),
    "cli.list_sep": ("，", ", "),
    "cli.limits": (
        "--limit 和 --quotes 必须为 0 或更大，得到 {limit} 和 {quotes}",
        "--limit and --quotes must be 0 or more, got {limit} and {quotes}",
    ),
    "cli.json_md": (
        "--json 与 --md 不能同时使用，请选其一",
        "--json and --md exclude each other; choose one",
    ),
    "cli.max": ("--max 至少为 1，得到 {max}", "--max must be at least 1, got {max}"),
    # ingest / export
    "cli.ingest.id": ("编号", "id"),
    "cli.ingest.year": ("年份", "year"),
    "cli.ingest.journal": ("期刊", "journal"),
    "cli.ingest.authors": ("作者", "authors"),
    "cli.ingest.title": ("标题 / 摘要", "title / abstract"),
    "cli.ingest.cited": ("被引", "cited"),
    "cli.ingest.cut": ("截断", "cut"),
    "cli.ingest.skipped": ("跳过：{problem}", "skipped: {problem}"),
    "cli.ingest.note": ("说明：{problem}", "note: {problem}"),
    "cli.ingest.merged": (
        "合并：{dropped} 并入 {kept}（{reason}）",
        "merged: {dropped} into {kept} ({reason})",
    ),
    "cli.ingest.records": (
        "{records} 篇文献，来自 {files} 个文件：{names}",
        "{records} records from {files} file(s): {names}",
    ),
    "cli.ingest.file": (
        "{name}（{format}，{encoding}，{records}）",
        "{name} ({format}, {encoding}, {records})",
    ),
    "cli.ingest.truncated": ("{n} 篇摘要被网站截断", "{n} abstracts cut by the site"),
    "cli.ingest.problems": (
        "跳过 {skipped} 个，说明 {notes} 条，合并重复 {merges} 条",
        "{skipped} skipped, {notes} notes, {merges} duplicates merged",
    ),
    "cli.export.written": (
        "{records} 篇文献已写入 {out}（{fmt}）",
        "{records} records written to {out} ({fmt})",
    ),
    # segment / terms / vocabulary / kwic
    "cli.segment.summary": (
        "{records} 篇文献，{sentences} 个句子，{tokens} 个词（{distinct} 个不同的词）；"
        "概念候选词以粗体显示",
        "{records} records, {sentences} sentences, {tokens} tokens ({distinct} distinct); "
        "concept candidates in bold",
    ),
    "cli.terms.title": ("前 {n} 个词", "Top {n} terms"),
    "cli.terms.term": ("词", "term"),
    "cli.terms.freq": ("词频", "freq"),
    "cli.terms.df": ("文献频次", "df"),
    "cli.terms.log_odds": ("对数优势比", "log-odds"),
    "cli.terms.count": ("次数", "count"),
    "cli.terms.group": (
        "{name}：{documents} 篇文献，{tokens} 个词",
        "{name}: {documents} records, {tokens} tokens",
    ),
    "cli.terms.group_key": ("{label}（{group}）", "{label} ({group})"),
    "cli.terms.totals": (
        "{documents} 篇文献，{tokens} 个词",
        "{documents} records, {tokens} tokens",
    ),
    "cli.terms.prior": (
        "先验 a0 = {prior} 个伪词（即语料本身）",
        "prior a0 = {prior} pseudo-tokens (the corpus itself)",
    ),
    "cli.terms.ungrouped": ("{n} 篇没有{by}的文献未计入", "{n} records without a {by} left out"),
    "cli.terms.by.sector": ("行业", "sector"),
    "cli.terms.by.year": ("年份", "year"),
    "cli.terms.by.journal": ("期刊", "journal"),
    "cli.terms.small": (
        "语料这么小，得分仅供参考（|z| > 1.96 约为 p < .05）",
        "a corpus this small gives indicative scores only (|z| > 1.96 ~ p < .05)",
    ),
    "cli.vocab.title": ("语料自身的词汇：{n} 个词", "The corpus's own vocabulary: {n} words"),
    "cli.vocab.word": ("词", "word"),
    "cli.vocab.from": ("来源", "from"),
    "cli.vocab.known": ("已收录于", "already in"),
    "cli.vocab.records": ("文献", "records"),
    "cli.vocab.abstracts": ("摘要", "abstracts"),
    "cli.vocab.whole": ("整词", "whole"),
    "cli.vocab.summary": (
        "{new} 个由本语料新增，{known} 个已在 kamlit 或 jieba 的词典中；"
        "整词 = 该词作为一个词切出的摘要数",
        "{new} added by this corpus, {known} already in kamlit's or jieba's dictionary; whole = "
        "abstracts where the word is one token",
    ),
    "cli.kwic.summary": (
        "{concept}（{names}）在 {records} 篇文献中出现 {n} 次",
        "{n} occurrences in {records} records of {concept} ({names})",
    ),
    # topics
    "cli.topics.fitting": ("拟合主题", "fitting topics"),
    "cli.topics.fits": ("拟合 {done}/{total}", "fits {done}/{total}"),
    "cli.topics.eta": ("剩余", "ETA"),
    "cli.topics.title": (
        "{k} 个主题（{engine}，种子 {seed}）",
        "{k} topics ({engine}, seed {seed})",
    ),
    "cli.topics.label": ("标签（λ=0.6）", "label (λ=0.6)"),
    "cli.topics.top_terms": ("主题词", "top terms"),
    "cli.topics.share": ("占比", "share"),
    "cli.topics.choosing": ("K 值的选择", "choosing K"),
    "cli.topics.diversity": ("多样性", "diversity"),
    "cli.topics.quality": ("质量", "quality"),
    "cli.topics.stability": ("稳定性", "stability"),
    "cli.topics.iterations": ("迭代", "iterations"),
    "cli.topics.chosen": ("◀ 选定", "◀ chosen"),
    "cli.topics.rule": ("规则：{rule}", "rule: {rule}"),
    "cli.topics.why": ("为何 K={k}：{reason}", "why K={k}: {reason}"),
    "cli.topics.summary": (
        "建模 {docs} 篇文献（共 {records} 篇），{terms} 个词；{effort}；平均一致性 c_v {cv}"
        "（c_npmi {npmi}）；稳定性 {stability}",
        "{docs} documents of {records} records, {terms} terms; {effort}; mean coherence c_v "
        "{cv} (c_npmi {npmi}); stability {stability}",
    ),
    "cli.topics.no_score": (
        "没有任何 K 得到一致性分数，取最小的 K",
        "no K had a coherence score; the smallest K was taken",
    ),
    "cli.topics.best": ("质量最高，{q}", "the highest quality, {q}"),
    "cli.topics.within": (
        "质量 {q} 与最佳值（K={k} 时的 {best}）之差在容差内，且主题更少",
        "quality {q} is within the tolerance of the best, {best} at K={k}, with fewer topics",
    ),
    "cli.topics.effort": (
        "{iterations} {unit}（上限 {passes}，{state}）",
        "{iterations} of at most {passes} {unit} ({state})",
    ),
    "cli.topics.unit.sweeps": ("次 Gibbs 采样", "Gibbs sweeps"),
    "cli.topics.unit.passes": ("遍迭代", "passes"),
    "cli.topics.converged": ("已收敛", "converged"),
    "cli.topics.budget": ("达到上限", "budget reached"),
    # graph
    "cli.graph.facts": (
        "{nodes} 个概念，{edges} 条边，来自 {records} 篇文献（{units} 个{window}单元）；"
        "权重：{measure}；最少共现 {min} 次；骨干过滤 {backbone}；{communities} 个社区；"
        "介数中心度 {betweenness}",
        "{nodes} concepts, {edges} links from {records} records ({units} {window}s); weight: "
        "{measure}; min count {min}; backbone {backbone}; {communities} communities; betweenness "
        "{betweenness}",
    ),
    "cli.graph.funnel": (
        "筛选：{concepts} 个不同概念 → 前 {candidates} 个 → {pairs} 个共现词对 → {edges_min} 个共现"
        " ≥ {min} 次 → 骨干过滤后 {edges_backbone} 个 → {nodes} 个有连接的概念",
        "filtering: {concepts} distinct concepts → top {candidates} → {pairs} co-occurring pairs "
        "→ {edges_min} with count ≥ {min} → {edges_backbone} after the backbone → {nodes} "
        "linked concepts",
    ),
    "cli.graph.top": ("连接最多的概念", "Most connected concepts"),
    "cli.graph.concept": ("概念", "concept"),
    "cli.graph.freq": ("频次", "freq"),
    "cli.graph.records": ("文献", "records"),
    "cli.graph.degree": ("度", "degree"),
    "cli.graph.betweenness": ("介数", "betweenness"),
    "cli.graph.community": ("社区", "community"),
    "cli.graph.sectors": ("行业", "sectors"),
    "cli.graph.themes": (
        "主题图（Callon 中心度 × 密度）",
        "Thematic map (Callon centrality × density)",
    ),
    "cli.graph.theme": ("主题", "theme"),
    "cli.graph.quadrant": ("象限", "quadrant"),
    "cli.graph.centrality": ("中心度", "centrality"),
    "cli.graph.density": ("密度", "density"),
    "cli.graph.concepts": ("概念数", "concepts"),
    "cli.graph.quadrant_cell": ("{label}（{key}）", "{label} ({key})"),
    "cli.graph.alias": ("（你输入的是 {query}）", " (you typed {query})"),
    "cli.graph.seen": ("出现 {freq} 次，见于 {df} 篇文献", "occurs {freq} times in {df} records"),
    "cli.graph.seen_kwic": (
        "在 {records} 篇文献的标题和摘要中出现 {total} 次（按 kwic 查找，包括较长词语之中），"
        "作为独立的词在 {df} 篇文献中出现 {freq} 次",
        "occurs {total} times in {records} records' titles and abstracts (as kwic finds it, "
        "inside longer words too), {freq} times in {df} records as a word of its own",
    ),
    "cli.graph.hood": (
        "：{n} 个邻居，证据最强者在前（先看是否高于随机，再看共现次数，再看{measure}权重；"
        "{window}窗口）；{seen}",
        ": {n} neighbours, strongest evidence first (above chance, then most co-occurrences, "
        "then {measure} weight; {window} window); {seen}",
    ),
    "cli.graph.no_links": (
        "没有连接：{term} 与图中其他每个概念在每个{window}内的共现都少于 {min} 次"
        "（试试 --min-count 1 或 --window document）",
        "no links: {term} co-occurs fewer than {min} times per {window} with every other concept "
        "of the graph (try --min-count 1 or --window document)",
    ),
    "cli.graph.neighbour": (
        "共现 {count} 次，权重 {weight}（G² {g2}，关联强度 {association}，jaccard {jaccard}，"
        "npmi {npmi}；{records} 篇文献）",
        "count {count}, weight {weight}  (G² {g2}, association {association}, jaccard "
        "{jaccard}, npmi {npmi}; {records} records)",
    ),
    "cli.graph.more_quotes": ("   … 另有 {n} 句（--quotes 0）", "   … {n} more (--quotes 0)"),
    "cli.graph.more_neighbours": (
        "\n… 另有 {n} 个邻居（--limit 0 显示全部）",
        "\n… {n} more neighbours (--limit 0 shows all)",
    ),
    # summarize
    "cli.summarize.counts": (
        "{label}：{practices} 条做法，来自 {records} 篇摘要",
        "{label} {practices} practices from {records} abstracts",
    ),
    "cli.summarize.written": ("已写入 {out}：{counts}", "written to {out}: {counts}"),
    "cli.summarize.warning_short": ("警告：{label}：{message}", "warning: {label}: {message}"),
    "cli.summarize.warning": (
        "警告：{label}（{sector}）：{message}",
        "warning: {label} ({sector}): {message}",
    ),
    # run / report / config
    "cli.run.note": ("说明：{note}", "note: {note}"),
    "cli.run.summary": ("{records} 篇文献；{stages}", "{records} records; {stages}"),
    "cli.run.stage": ("{stage} {seconds} 秒", "{stage} {seconds}s"),
    "cli.run.cached": ("（缓存）", " (cached)"),
    "cli.run.from_cache": ("{stage}（来自缓存）", "{stage} (from cache)"),
    "cli.config.setting": ("设置", "setting"),
    "cli.config.value": ("值", "value"),
    "cli.config.from": ("来源", "from"),
}

# Input problems and errors (helper y16): what the terminal shows about a bad file, path,
# flag or settings value. The English side is exactly the message kamlit printed before these
# keys existed (tests compare it); paths, ids and values fill the fields verbatim in both.
# `common.` keys are structural (no words, so their fields have one- or two-letter names): a
# text that has no translation, and `where: message`.
MESSAGES.update(
    {
        "common.text": ("{s}", "{s}"),
        "common.at": ("{at}: {s}", "{at}: {s}"),
        # operating-system errors (the glibc wording is the English side; see errors.os_reason)
        "os.ENOENT": ("没有这个文件或文件夹", "No such file or directory"),
        "os.EACCES": ("权限不足", "Permission denied"),
        "os.EPERM": ("不允许的操作", "Operation not permitted"),
        "os.EISDIR": ("是一个文件夹", "Is a directory"),
        "os.ENOTDIR": ("路径中有一部分不是文件夹", "Not a directory"),
        "os.ENOSPC": ("磁盘空间不足", "No space left on device"),
        "os.EROFS": ("只读文件系统", "Read-only file system"),
        "os.EEXIST": ("文件已存在", "File exists"),
        "os.ENAMETOOLONG": ("文件名过长", "File name too long"),
        "os.ELOOP": ("符号链接层数过多", "Too many levels of symbolic links"),
        "os.EIO": ("输入/输出错误", "Input/output error"),
        "os.ENOTEMPTY": ("文件夹不为空", "Directory not empty"),
        "os.EBUSY": ("设备或资源忙", "Device or resource busy"),
        "os.EDQUOT": ("超出磁盘配额", "Disk quota exceeded"),
        # the JSON decoder's messages (Python's json module; see errors.json_reason)
        "json.value": ("此处应为一个值", "Expecting value"),
        "json.property": (
            "此处应为双引号括起的属性名",
            "Expecting property name enclosed in double quotes",
        ),
        "json.colon": ("此处应为“:”分隔符", "Expecting ':' delimiter"),
        "json.comma": ("此处应为“,”分隔符", "Expecting ',' delimiter"),
        "json.extra": ("多余的数据", "Extra data"),
        "json.unterminated": ("字符串没有结束，起始于", "Unterminated string starting at"),
        "json.control": ("无效的控制字符，位于", "Invalid control character at"),
        "json.escape": ("无效的 \\ 转义", "Invalid \\escape"),
        "json.uescape": ("无效的 \\uXXXX 转义", "Invalid \\uXXXX escape"),
        "json.deep": ("嵌套过深", "nested too deeply"),
        # the csv module's messages (see ingest.csvfile)
        "csv.field_limit": (
            "字段超过长度上限（{limit}）",
            "field larger than field limit ({limit})",
        ),
        # reading inputs: errors (a whole file or path)
        "error.not_found": ("没有这个文件或文件夹", "no such file or directory"),
        "error.empty_folder": ("文件夹中没有文件", "directory holds no files"),
        "error.is_folder": ("是文件夹，应为文件", "is a directory, expected a file"),
        "error.not_regular": (
            "不是普通文件（而是设备、FIFO 或套接字）",
            "is not a regular file (a device, FIFO or socket)",
        ),
        "error.too_large": (
            "文件过大（{size:,} 字节；kamlit 最多读取 {limit:,} 字节的文件）；"
            "请拆分为较小的导出文件",
            "file is too large ({size:,} bytes; kamlit reads files of at most {limit:,} bytes); "
            "split it into smaller exports",
        ),
        "error.cannot_read_file": ("无法读取文件：{reason}", "cannot read file: {reason}"),
        "error.empty_file": ("文件为空", "file is empty"),
        "error.binary_controls": (
            "看起来是二进制文件（按 {encoding} 解码得到控制字符）",
            "looks like a binary file ({encoding} gave control characters)",
        ),
        "error.bad_bom": (
            "以 {name} 字节顺序标记开头，但不是 {name} 编码：{reason}",
            "starts with a {name} byte-order mark but is not {name}: {reason}",
        ),
        "error.binary_nul": (
            "看起来是二进制文件（含 NUL 字节，且不是 UTF-16 文本）",
            "looks like a binary file (NUL bytes, not UTF-16 text)",
        ),
        "error.unknown_encoding": (
            "无法判断文本编码（已尝试 UTF-8、UTF-16、GB18030 和 charset-normalizer 的猜测）；"
            "看起来是二进制文件",
            "cannot tell the text encoding (tried UTF-8, UTF-16, GB18030 and "
            "charset-normalizer's guesses); looks like a binary file",
        ),
        "error.format_setting": (
            "未知格式 {format!r}；应为以下之一：{known}",
            "unknown format {format!r}; expected one of {known}",
        ),
        "error.unknown_format": (
            "未知格式：既不是检索结果列表页，也不是已知的导出格式（已知：{known}）",
            "unknown format: not a listing page or a known export format (known: {known})",
        ),
        "error.no_record": (
            "没有一篇文献能按 {name} 格式读取",
            "no record could be read as {name}",
        ),
        "error.no_record_because": (
            "没有一篇文献能按 {name} 格式读取（{problem}）",
            "no record could be read as {name} ({problem})",
        ),
        "error.nothing_readable": (
            "没有可读的内容：该处没有任何文件含有已知格式的文献",
            "nothing readable: no file there holds records in a known format",
        ),
        "error.detect_deep": (
            "格式检测失败：嵌套过深",
            "format detection failed: nesting too deep",
        ),
        "error.detect_failed": ("格式检测失败：{error}", "format detection failed: {error}"),
        "error.parse_deep": (
            "无法按 {name} 格式读取：嵌套过深",
            "cannot be read as {name}: nesting too deep",
        ),
        "error.parse_failed": (
            "无法按 {name} 格式读取：{error}",
            "cannot be read as {name}: {error}",
        ),
        # writing outputs
        "error.cannot_write": ("无法写入：{reason}", "cannot write: {reason}"),
        "error.output_is_folder": (
            "拒绝写入：输出位置是一个文件夹",
            "refusing to write: the output is a folder",
        ),
        "error.output_not_regular": (
            "拒绝写入：输出位置不是普通文件（是设备？）",
            "refusing to write: the output is not a regular file (a device?)",
        ),
        "error.output_not_folder": (
            "拒绝写入：输出位置已存在且不是文件夹",
            "refusing to write: the output exists and is not a folder",
        ),
        "error.folder_busy": (
            "无法替换该文件夹：其他运行在不断写入它",
            "cannot replace the folder: other runs keep writing it",
        ),
        # run folders
        "error.not_run_folder": (
            "不是 kamlit 运行文件夹：缺少 {file}",
            "not a kamlit run folder: {file} is missing",
        ),
        "error.run_file_missing": ("运行文件夹缺少此文件", "missing file of the run folder"),
        "error.run_incomplete": (
            "运行文件夹不完整：写入它的那次运行没有完成；请重新运行 `kamlit run`",
            "incomplete run folder: the run that wrote it did not finish; run `kamlit run` again",
        ),
        "error.run_foreign": (
            "不属于本运行文件夹的 manifest（混入了两次运行的文件？）；请重新运行 `kamlit run`",
            "does not belong to this run folder's manifest (a mix of two runs?); "
            "run `kamlit run` again",
        ),
        "error.run_changed": (
            "运行写入后已被修改（其 SHA-256 与 manifest.json 中的不符）；请重新运行 `kamlit run`",
            "changed since the run wrote it (its SHA-256 differs from manifest.json); "
            "run `kamlit run` again",
        ),
        "error.cannot_read": ("无法读取：{reason}", "cannot read: {reason}"),
        "error.model_not_kept": (
            "该文件夹中没有 {file}：模型没有保存",
            "the folder has no {file}: the model was not kept",
        ),
        "error.topic_model": ("无法读取主题模型：{error}", "unreadable topic model: {error}"),
        "error.not_json": ("不是有效的 JSON：{reason}", "not valid JSON: {reason}"),
        "error.not_record": ("不是 kamlit 文献记录：{what}", "not a kamlit record: {what}"),
        "error.malformed": ("格式错误：{what}", "malformed: {what}"),
        "error.key_missing": ("缺少 {key}", "{key} is missing"),
        "error.not_utf8": ("不是 UTF-8 文本", "not UTF-8 text"),
        # settings (kamlit.toml, --config and flags)
        "error.settings_unreadable": (
            "无法读取设置文件：{reason}",
            "cannot read settings file: {reason}",
        ),
        "error.not_toml": ("不是有效的 TOML：{error}", "not valid TOML: {error}"),
        "error.unknown_setting": ("未知设置 '{name}'", "unknown setting '{name}'"),
        "error.unknown_setting_here": (
            "未知设置 '{name}'（此处可用：{known}）",
            "unknown setting '{name}' (known here: {known})",
        ),
        "error.not_table": (
            "[{where}] 必须是一个表，得到 {value}",
            "[{where}] must be a table, got {value}",
        ),
        "error.top_level": ("顶层", "top level"),
        "error.setting_choice": (
            "设置 '{name}' 为 {value!r}；应为以下之一：{options}",
            "setting '{name}' is {value!r}; expected one of {options}",
        ),
        "error.setting_range": (
            "{name} 为 {value}；应为{what}",
            "{name} is {value}; expected {what}",
        ),
        "error.setting_bad": ("设置 '{name}' 的值无效", "setting '{name}' has a bad value"),
        "error.setting_list": (
            "设置 '{name}' 必须是列表，得到 {value}",
            "setting '{name}' must be a list, got {value}",
        ),
        "error.setting_bool": (
            "设置 '{name}' 必须是 true 或 false，得到 {value}",
            "setting '{name}' must be true or false, got {value}",
        ),
        "error.setting_int": (
            "设置 '{name}' 必须是整数，得到 {value}",
            "setting '{name}' must be an integer, got {value}",
        ),
        "error.setting_number": (
            "设置 '{name}' 必须是数，得到 {value}",
            "setting '{name}' must be a number, got {value}",
        ),
        "error.setting_string": (
            "设置 '{name}' 必须是字符串，得到 {value}",
            "setting '{name}' must be a string, got {value}",
        ),
        "error.topic_count": (
            "{name} 为 {value}；应为 ≥ 2 的主题数（整数）或 'auto'",
            "{name} is {value}; expected a whole number of topics >= 2 or 'auto'",
        ),
        "error.backbone": (
            "{name} 为 {value}；应为 'auto'、'off' 或 0 与 1 之间的 alpha 值（如 0.05）",
            "{name} is {value}; expected 'auto', 'off' or an alpha between 0 and 1 such as 0.05",
        ),
        "error.k_max": (
            "topics.k_max 为 {k_max}；应为 ≥ topics.k_min（{k_min}）的整数",
            "topics.k_max is {k_max}; expected a whole number >= topics.k_min ({k_min})",
        ),
        "range.whole": ("整数", "a whole number"),
        "range.number": ("数", "a number"),
        "range.finite_whole": ("有限的整数", "a finite whole number"),
        "range.finite_number": ("有限的数", "a finite number"),
        "range.between": ("介于 {low} 与 {high} 之间的{kind}", "{kind} between {low} and {high}"),
        "range.bound": ("{kind}（{bound}）", "{kind} {bound}"),
        "range.bounds": ("{kind}（{low} 且 {high}）", "{kind} {low} and {high}"),
        # reading inputs: problems (one record or line; the rest of the file still loads)
        "problem.file_skipped": ("{message}；已跳过该文件", "{message}; file skipped"),
        "problem.bad_utf8": (
            "{n} 个字节序列不是有效的 UTF-8（其余部分是）；均已替换为 U+FFFD",
            "{n} byte sequence(s) are not valid UTF-8 (the rest is); each was replaced by U+FFFD",
        ),
        "problem.bad_gb18030": (
            "{n} 个字节序列不是有效的 GB18030（其余部分是）；均已替换为 U+FFFD",
            "{n} byte sequence(s) are not valid GB18030 (the rest is); each was replaced by U+FFFD",
        ),
        "problem.encoding_guessed": (
            "编码推测为 {name}；{others} 也能解码，请核对带重音的字母（另存为 UTF-8 可确保无误）",
            "encoding guessed as {name}; {others} would also fit, so check accented letters "
            "(save the file as UTF-8 to be sure)",
        ),
        "problem.damaged_record": (
            "文献 {id} 含有 NUL、控制字符或无法解码的字节；已跳过",
            "record {id} holds NUL, control or undecodable bytes; skipped",
        ),
        "problem.damaged_lines": (
            "{n} 行不属于任何文献，且含有 NUL、控制字符或无法解码的字节；已忽略",
            "{n} line(s) outside any record hold NUL, control or undecodable bytes; ignored",
        ),
        "problem.listing_count": (
            "页面称列出 {expected} 篇文献，实际找到 {found} 篇（保存的页面可能只含部分结果）",
            "the page says it lists {expected} records but {found} were found (a saved page may "
            "hold only part of the results)",
        ),
        "problem.no_abstract": (
            "第 {position} 篇文献没有摘要；已跳过",
            "record {position} has no abstract; skipped",
        ),
        "problem.glued": (
            "第 {position} 篇文献：标题和作者与摘要粘连在一起；已恢复标题 {title!r} 和作者 "
            "{author!r}（启发式）",
            "record {position}: title and author were glued to the abstract; recovered title "
            "{title!r} and author {author!r} (heuristic)",
        ),
        "problem.not_json": (
            "第 {position} 条记录不是有效的 JSON（{reason}）；已跳过",
            "record {position} is not valid JSON ({reason}); skipped",
        ),
        "problem.not_json_at": (
            "第 {position} 条记录不是有效的 JSON（{reason}，第 {column} 列）；已跳过",
            "record {position} is not valid JSON ({reason} at column {column}); skipped",
        ),
        "problem.not_object": (
            "第 {position} 条记录是 JSON {kind}，应为对象；已跳过",
            "record {position} is a JSON {kind}, expected an object; skipped",
        ),
        "problem.csv_fields": (
            "第 {position} 行有 {n} 个字段，但表头有 {header} 个"
            "（多了一个 {delimiter!r} 或引号？）；已跳过",
            "row {position} has {n} fields but the header has {header} (a stray {delimiter!r} "
            "or quote?); skipped",
        ),
        "problem.not_csv": (
            "无法按 CSV 读取：{error}；其余部分已跳过",
            "not readable as CSV: {error}; rest skipped",
        ),
        "problem.stray_lines": (
            "忽略了 {n} 行不属于任何文献的内容（{what}；行号 {lines}）",
            "{n} line(s) outside any record ignored ({what}; lines {lines})",
        ),
        "problem.untagged": ("不是带标签的字段", "not a tagged field"),
        "problem.unterminated": (
            "第 {position} 篇文献没有以 {end} 结束（文件被截断或文献已损坏）；已跳过",
            "record {position} is not terminated by {end} (file cut short or record "
            "damaged); skipped",
        ),
        "problem.empty_record": (
            "第 {position} 篇文献既没有标题也没有摘要；已跳过",
            "record {position} has no title and no abstract; skipped",
        ),
        "problem.bad_year": (
            "第 {position} 篇文献：年份 {value} 不是年份；已留空",
            "record {position}: year {value} is not a year; left empty",
        ),
        "problem.bad_count": (
            "第 {position} 篇文献：{what} {value} 不是整数；已留空",
            "record {position}: {what} {value} is not a whole number; left empty",
        ),
        "problem.long_value": ("{value}…（共 {n:,} 个字符）", "{value}… ({n:,} characters)"),
        "problem.count.total": ("被引次数", "citation count"),
        "problem.count.self": ("自引次数", "self-citation count"),
        "problem.count.other": ("他引次数", "other-citation count"),
        # duplicates merged (`merged: a into b (reason)`)
        "merge.same_work": ("标题、第一作者和年份相同", "same title, first author and year"),
        "merge.same_title": (
            "标题相同；作者、年份、期刊和摘要互不矛盾",
            "same title; author, year, journal and abstract do not conflict",
        ),
        "merge.same_abstract": ("摘要相同", "same abstract"),
        "merge.cut_abstract": (
            "一篇的摘要被网站截断，是另一篇摘要的开头",
            "one abstract, cut by the site, is the start of the other",
        ),
        # analyses and commands met with too little data or a bad flag
        "error.topics_too_few": (
            "主题建模至少需要 2 篇含有词表中词语的文献；{records} 篇文献中只有 {n} 篇",
            "topic modelling needs at least 2 records with vocabulary terms; got {n} of "
            "{records} records",
        ),
        "error.topics_auto_too_few": (
            "k=auto 在 {k_min} 到 min({k_max}, 文献数/2) = {top} 之间搜索 K：{n} 篇文献太少；"
            "请用 --k N 指定",
            "k=auto sweeps K from {k_min} to min({k_max}, documents/2) = {top}: {n} documents "
            "are too few; pass --k N",
        ),
        "error.topics_k_above_n": (
            "--k {k} 要求的主题数多于含词语的 {n} 篇文献",
            "--k {k} asks for more topics than the {n} documents with terms",
        ),
        "error.setting_engine": (
            "topics.engine 为 {value}；应为以下之一：{options}",
            "topics.engine is {value}; expected one of {options}",
        ),
        "error.setting_fraction_open": (
            "{name} 为 {value}；应为 (0, 1) 之间的比例",
            "{name} is {value}; expected a fraction in (0, 1)",
        ),
        "error.setting_fraction": (
            "{name} 为 {value}；应为 (0, 1] 之间的比例",
            "{name} is {value}; expected a fraction in (0, 1]",
        ),
        "error.setting_at_least": (
            "{name} 为 {value}；应为 ≥ {low} 的整数",
            "{name} is {value}; expected a whole number >= {low}",
        ),
        "error.export_format": (
            "未知的导出格式 {value}；请选择以下之一：{options}",
            "unknown export format {value}; choose one of {options}",
        ),
        "error.export_suffix": (
            "无法从文件名 {name} 判断导出格式：请用 --to 指定，"
            "或让文件名以下列后缀之一结尾：{known}",
            "cannot tell the export format from the file name {name}: give --to, or end the "
            "name with one of {known}",
        ),
        "error.kwic_width": (
            "--width 必须为 0 或更大，得到 {width}",
            "--width must be 0 or more, got {width}",
        ),
        "error.kwic_empty": (
            "检索词规范化后为空：{term}",
            "the search term is empty after normalisation: {term}",
        ),
        "error.schema_object": (
            "kamlit {kind} 结果应为 JSON 对象",
            "expected a JSON object for kamlit {kind} results",
        ),
        "error.schema_other": (
            "不是 kamlit {kind} 结果（schema {tag}）",
            "not kamlit {kind} results (schema {tag})",
        ),
        "error.schema_newer": (
            "schema {tag} 由更新版本的 kamlit 写入；"
            "本版本只能读取 {ours} 及更早的版本：请升级 kamlit",
            "schema {tag} was written by a newer kamlit; this version reads {ours} and older: "
            "upgrade kamlit",
        ),
        # practice cue and concept files ([summarize] cues, concepts)
        "error.cue_table": (
            "未知的线索表 [{kind}]（已知：{known}）",
            "unknown cue table [{kind}] (known: {known})",
        ),
        "error.cue_not_table": (
            "[{kind}] 必须是含有线索列表的表",
            "[{kind}] must be a table with a list of cues",
        ),
        "error.cue_weight": (
            "[{kind}] 的 weight 必须是数，且只能用于计分的线索类别",
            "[{kind}] weight must be a number on a scored kind",
        ),
        "error.cue_strings": (
            "[{kind}] 的字段 '{key}' 必须是字符串列表",
            "[{kind}] field '{key}' must be a list of strings",
        ),
        "error.cue_unreadable": ("无法读取线索文件：{reason}", "cannot read cue file: {reason}"),
        "error.concepts_table": (
            "应为 [concepts] 表，形如 概念 = [词语…]（可另有 [actions]）",
            "expected a table [concepts] of concept = [words…] (and optionally [actions])",
        ),
        "error.concept_words": (
            "概念 {concept} 必须是词语列表",
            "concept {concept} must be a list of words",
        ),
        "error.actions_table": (
            "[actions] 必须是形如 动作 = [动词…] 的表",
            "[actions] must be a table of action = [verbs…]",
        ),
        "error.action_verbs": (
            "动作 {action} 必须是动词列表",
            "action {action} must be a list of verbs",
        ),
        "os.detail": ("{reason}（[Errno {errno}]，{file}）", "[Errno {errno}] {reason}: {file}"),
        # notes on the settings file
        "note.alias_ignored": (
            "'{old}' 已弃用，且被忽略：同时设置了 '{new}'",
            "'{old}' is deprecated and ignored: '{new}' is also set",
        ),
        "note.alias_read": (
            "'{old}' 已弃用；按 '{new}'（[{section}]）读取",
            "'{old}' is deprecated; read as '{new}' ([{section}])",
        ),
        # kamlit run's notes
        "run.stage_skipped": ("{stage}：已跳过：{error}", "{stage}: skipped: {error}"),
        # result files that do not fit what they are read as (kamlit.codec; `malformed: …`)
        "error.decode_choice": (
            "{value} 不是以下之一：{options}",
            "{value} is not one of {options}",
        ),
        "error.decode_number": ("应为数，得到 {kind}", "expected a number, got {kind}"),
        "error.decode_integer": ("应为整数，得到 {value}", "expected an integer, got {value}"),
        "error.decode_type": ("应为 {type}，得到 {kind}", "expected {type}, got {kind}"),
        "error.decode_object": ("应为对象，得到 {kind}", "expected an object, got {kind}"),
        "error.decode_list": ("应为列表，得到 {kind}", "expected a list, got {kind}"),
        "error.decode_items": (
            "应有 {n} 项，得到 {found} 项",
            "expected {n} items, got {found}",
        ),
        "error.decode_none": (
            "{value} 不符合以下任何类型：{types}",
            "{value} fits none of {types}",
        ),
        # sector lexicons (kamlit.sectors; [sectors] lexicons, --sectors, --sector)
        "error.sector_unreadable": (
            "无法读取行业词表：{reason}",
            "cannot read sector lexicon: {reason}",
        ),
        "error.sector_not_table": (
            "行业 [{key}] 必须是一个表（label、cues 等）",
            "sector [{key}] must be a table (label, cues, …)",
        ),
        "error.sector_key": (
            "行业键 {key} 只能由小写 ASCII 字符（a-z、0-9、_ 或 -）组成，且不能是 "
            "'{general}' 或 '{all}'",
            "sector key {key} must be lower-case ASCII (a-z, 0-9, _ or -) and not "
            "'{general}' or '{all}'",
        ),
        "error.sector_fields": (
            "行业 [{key}] 含有未知字段 {fields}（可用：{known}）",
            "sector [{key}] has unknown field(s) {fields} (known: {known})",
        ),
        "error.sector_strings": (
            "行业 [{key}] 的字段 '{field}' 必须是字符串列表",
            "sector [{key}] field '{field}' must be a list of strings",
        ),
        "error.sector_label": (
            "行业 [{key}] 的字段 'label' 必须是字符串",
            "sector [{key}] field 'label' must be a string",
        ),
        "error.sector_weights": (
            "行业 [{key}] 的字段 'weights' 必须是形如 线索 = 数 的表",
            "sector [{key}] field 'weights' must be a table cue = number",
        ),
        "error.sector_weight": (
            "行业 [{key}] 中 {cue} 的权重必须是 ≥ 0 的数，得到 {weight}",
            "sector [{key}] weight of {cue} must be a number >= 0, got {weight}",
        ),
        "error.sector_empty": (
            "行业 [{key}] 既没有 cues 也没有 journals",
            "sector [{key}] has neither cues nor journals",
        ),
        "error.sector_same_label": (
            "行业 [{other}] 和 [{key}] 的标签相同（{label}）；各行业的标签必须互不相同",
            "sectors [{other}] and [{key}] have the same label {label}; "
            "labels must tell sectors apart",
        ),
        "error.unknown_sector": (
            "未知行业 {value}；已知行业：{known}",
            "unknown sector {value}; known sectors: {known}",
        ),
        # kamlit terms
        "error.terms_top": ("--top 至少为 1，得到 {top}", "--top must be at least 1, got {top}"),
        "error.terms_by": (
            "无法按 {by} 分组；应为以下之一：{options}",
            "cannot group by {by}; expected one of {options}",
        ),
        "error.terms_prior": (
            "先验尺度必须为正数，得到 {scale}",
            "the prior scale must be positive, got {scale}",
        ),
        # graph settings, graph.json and its evidence file (kamlit.graph)
        "error.graph_top": (
            "graph.top 为 {value}；应为正整数（词语个数）",
            "graph.top is {value}; expected a positive number of terms",
        ),
        "error.graph_min_count": (
            "graph.min_count 为 {value}；应为 0（自动）或正整数（次数）",
            "graph.min_count is {value}; expected 0 (auto) or a positive count",
        ),
        "error.setting_positive": (
            "{name} 为 {value}；应为正数",
            "{name} is {value}; expected a positive number",
        ),
        "error.graph_unreadable": ("无法读取概念图：{reason}", "cannot read graph: {reason}"),
        "error.graph_not_json": ("不是 JSON 文件：{error}", "not a JSON file: {error}"),
        "error.graph_foreign": (
            "不是 kamlit 的 graph.json（{what}）",
            "not a kamlit graph.json ({what})",
        ),
        "error.graph_format": (
            "不是 kamlit 概念图（graph.format 缺失或不符）",
            "not a kamlit concept graph (graph.format is missing or different)",
        ),
        "error.graph_newer": (
            "概念图版本 {version} 由更新版本的 kamlit 写入；本版本只能读取版本 {ours} 及以下："
            "请升级 kamlit",
            "graph version {version} was written by a newer kamlit; this version reads version "
            "{ours} and older: upgrade kamlit",
        ),
        "error.graph_evidence": (
            "graph.evidence 为 {value}，既不是 {inline} 也不是 {file}",
            "graph.evidence is {value}, neither {inline} nor {file}",
        ),
        "error.graph_edge_count": (
            "边 {edge}：{name} 为 {value}，但列出了 {n} 个",
            "edge {edge}: {name} is {value} but {n} are listed",
        ),
        "error.evidence_unreadable": (
            "无法读取概念图的证据：{reason}",
            "cannot read the graph's evidence: {reason}",
        ),
        "error.not_utf8_because": ("不是 UTF-8 文本：{error}", "not UTF-8 text: {error}"),
        "error.not_json_object": ("不是 JSON 对象", "not a JSON object"),
        "error.evidence_newer": (
            "{file} 的版本 {version} 由更新版本的 kamlit 写入；本版本只能读取版本 {ours} "
            "及以下：请升级 kamlit",
            "{file} version {version} was written by a newer kamlit; this version reads version "
            "{ours} and older: upgrade kamlit",
        ),
        "error.evidence_header": (
            "{file} 没有以 {format} 文件头开始",
            "{file} does not start with its {format} header",
        ),
        "error.evidence_edges": (
            "{file} 有 {n} 条边，graph.json 有 {graph} 条：二者来自不同的运行",
            "{file} has {n} edges, graph.json {graph}: they come from different runs",
        ),
        "error.evidence_short": (
            "{file} 中的文献少于其文件头所写的数目",
            "{file} holds fewer records than its header says",
        ),
        "error.evidence_ends": (
            "{file} 在边 {edge} 之前就结束了",
            "{file} ends before the edge {edge}",
        ),
        "error.evidence_edge": (
            "{file} 此处的边是 {found}，graph.json 此处是 {expected}：二者来自不同的运行",
            "{file} has the edge {found} where graph.json has {expected}: they come from "
            "different runs",
        ),
        "error.evidence_long": (
            "{file} 的行数多于其文件头所写的数目",
            "{file} has more lines than its header says",
        ),
        # segmentation: the engine, user dictionaries, stop words, synonyms and phrases
        "error.rjieba_missing": (
            "segment.segmenter 为 'rjieba'，但没有安装 rjieba；请改用 'auto' 或 'jieba'，"
            "或执行 `pip install rjieba`",
            "segment.segmenter is 'rjieba' but rjieba is not installed; "
            "use 'auto' or 'jieba', or pip install rjieba",
        ),
        "error.segmenter": (
            "segment.segmenter 为 {value}；应为 'auto'、'jieba' 或 'rjieba' 之一",
            "segment.segmenter is {value}; expected one of 'auto', 'jieba', 'rjieba'",
        ),
        "error.lexicon_unreadable": (
            "无法读取词表文件：{reason}",
            "cannot read lexicon file: {reason}",
        ),
        "error.lexicon_encoding": (
            "词表文件既不是 UTF-8 文本，也不是 GB18030 文本",
            "lexicon file is neither UTF-8 nor GB18030 text",
        ),
        "error.dict_frequency": (
            "词频必须是正整数，而 {line} 中为 {freq}",
            "frequency must be a positive integer, got {freq} in {line}",
        ),
        "error.dict_line": (
            "应为 'word [frequency] [tag]'（词语 [词频] [词性]），得到 {line}",
            "expected 'word [frequency] [tag]', got {line}",
        ),
        "error.synonym_line": (
            "应为 'canonical<TAB>variant…' 或 'canonical = variant, …'（规范词与变体）",
            "expected 'canonical<TAB>variant…' or 'canonical = variant, …'",
        ),
        "error.synonym_short": (
            "同义词行需要一个规范词和至少一个变体",
            "a synonym line needs a canonical term and at least one variant",
        ),
        "error.synonym_cycle": (
            "同义词映射成环（经过 {term}）：{chain}",
            "synonym cycle through {term}: {chain}",
        ),
        "error.phrases_unreadable": (
            "无法读取短语文件：{reason}",
            "cannot read the phrase file: {reason}",
        ),
        "error.not_phrases": ("不是 kamlit 的短语文件", "not kamlit phrases"),
        # kamlit graph show: a term that is not a concept of the graph
        "error.concept_as": ("{typed}（即 {canonical}）", "{typed} (as {canonical})"),
        "error.concept_uncut": (
            "'{shown}' 不是概念图中的概念：分词从未把它切分为一个词，但它在 {records} 篇文献中"
            "出现了 {total} 次{inside}（`kamlit kwic {typed}` 可列出这些位置）",
            "'{shown}' is not a concept of the graph: the segmentation never cuts it out as a "
            "word, but it occurs {total} time(s) in {records} record(s){inside} "
            "(`kamlit kwic {typed}` lists them)",
        ),
        "error.concept_inside": ("，位于 {within} 之中", ", inside {within}"),
        "error.concept_filtered": (
            "概念 '{shown}' 出现在 {n} 篇文献中，但不在概念图中（它不在前 --top {top} 个词之内，"
            "或在 --min-count {min_count} 和 --backbone {backbone} 下没有任何连接）",
            "concept '{shown}' occurs in {n} record(s) but is not in the graph (it is outside "
            "the --top {top} terms or has no link with --min-count {min_count} and --backbone "
            "{backbone})",
        ),
        "error.concept_not_in_graph": (
            "概念 '{shown}' 不在概念图中",
            "concept '{shown}' is not in the graph",
        ),
        "error.concept_absent": (
            "概念 '{shown}' 没有出现在语料中",
            "concept '{shown}' does not occur in the corpus",
        ),
        "error.concept_close": (
            "{reason}；相近的概念：{close}",
            "{reason}; close concepts: {close}",
        ),
        # the Python API
        "error.pandas_missing": (
            "records_frame 需要 pandas：`pip install pandas`",
            "records_frame needs pandas: pip install pandas",
        ),
    }
)


Value = str | int | float


@dataclass(frozen=True)
class Notice:
    """A warning as a message key and its values, rendered in any language.

    `terms` name values that are themselves message keys (the co-occurrence window:
    `graph.window.sentence`), translated before they fill the message. A value may itself be
    a `Notice` (an error that wraps another one: `{message}; file skipped`), rendered in the
    same language before it fills the message.
    """

    key: str
    values: tuple[tuple[str, Value | Notice], ...] = ()
    terms: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(
        cls, key: str, /, terms: Mapping[str, str] | None = None, **values: Value | Notice
    ) -> Notice:
        """A notice of `key` with these values (KeyError when the key is not a message)."""
        if key not in MESSAGES:
            raise KeyError(key)
        return cls(key, tuple(sorted(values.items())), tuple(sorted((terms or {}).items())))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: {"key": …, "values": {…}} and "terms" when there are any."""
        values = {k: v.to_dict() if isinstance(v, Notice) else v for k, v in self.values}
        data: dict[str, Any] = {"key": self.key, "values": values}
        if self.terms:
            data["terms"] = dict(self.terms)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Notice:
        """Read the JSON form back."""
        values = data.get("values") or {}
        terms = data.get("terms") or {}
        return cls(
            str(data["key"]),
            tuple(sorted((str(k), _value(v)) for k, v in values.items())),
            tuple(sorted((str(k), str(v)) for k, v in terms.items())),
        )


def _value(value: object) -> Value | Notice:
    if isinstance(value, Mapping) and "key" in value:
        return Notice.from_dict(value)
    return value if isinstance(value, (str, int, float)) else str(value)


def notices_from(data: object) -> tuple[Notice, ...]:
    """The notices of a result file's `notices` list (none when the file has none)."""
    if not isinstance(data, list):
        return ()
    return tuple(Notice.from_dict(item) for item in data if isinstance(item, Mapping))


def resolve_lang(setting: str, environ: Mapping[str, str] | None = None) -> Lang:
    """Return "zh" or "en" for a `[report] lang` value; "auto" reads the locale variables."""
    if setting == "zh":
        return "zh"
    if setting == "en":
        return "en"
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


@dataclass(frozen=True)
class Catalogue:
    """The messages of one language."""

    lang: Lang

    @property
    def html_lang(self) -> str:
        """The page's `lang` attribute (zh-CN or en)."""
        return HTML_LANG[self.lang]

    def t(self, key: str, /, **values: object) -> str:
        """Return message `key`, its `{fields}` filled from `values` (KeyError if unknown)."""
        text = MESSAGES[key][0 if self.lang == "zh" else 1]
        return text.format(**values) if values else text

    def records(self, n: int) -> str:
        """ "{n} records" with the right number."""
        return self.t("common.record_one" if n == 1 else "common.records", n=n)

    def sector(self, key: str, labels: Mapping[str, str]) -> str:
        """The one label of a sector: its lexicon label, or 综合/general for `general`."""
        if key in labels:
            return labels[key]
        if key == "general":
            return self.t("sector.general")
        return key

    def backbone(self, value: float | str) -> str:
        """The graph's backbone setting as a reader says it: 关闭/off or α = 0.05."""
        if isinstance(value, str):
            return self.t("graph.backbone.off") if value == "off" else value
        return self.t("graph.backbone.alpha", alpha=f"{value:g}")

    def notice(self, notice: Notice) -> str:
        """One notice in this language."""
        values: dict[str, object] = {
            name: self.notice(value) if isinstance(value, Notice) else value
            for name, value in notice.values
        }
        values.update({name: self.t(key) for name, key in notice.terms})
        return self.t(notice.key, **values)

    def warnings(self, notices: tuple[Notice, ...], english: tuple[str, ...]) -> list[str]:
        """A result's warnings in this language: its notices when it has them, else the
        English sentences it carries (a file written before notices existed)."""
        if notices and len(notices) == len(english):
            return [self.notice(n) for n in notices]
        return list(english)

    def subset(self, prefix: str) -> dict[str, str]:
        """Every message whose key starts with `prefix`, keyed without it (for a page's JS)."""
        index = 0 if self.lang == "zh" else 1
        return {
            key[len(prefix) :]: texts[index]
            for key, texts in sorted(MESSAGES.items())
            if key.startswith(prefix)
        }


def catalogue(lang: str) -> Catalogue:
    """Return the catalogue of `lang` ("zh", "en", or "auto" for the locale's)."""
    return Catalogue(resolve_lang(lang))
