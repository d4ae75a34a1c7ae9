/** Full-text search (检索) and similar cases (相似案件) on lists and case pages. */
export const search: Record<"zh-CN" | "en", Record<string, string>> = {
  "zh-CN": {
    "search.label": "检索",
    "search.placeholder": "标题、内容或答复中的词，如 小镇、融资",
    "search.submit": "检索",
    "search.clear": "清除检索",
    "search.results": "与“{q}”相关的 {n} 件，按相关程度排列",
    "search.none": "没有与“{q}”相关的案件",
    "search.hint": "中文词语可直接输入（如“小镇 融资”，多个词用空格分开）；英文按词首匹配。",
    "search.passage": "匹配内容",
    "similar.title": "相似案件",
    "similar.hint":
      "按标题与内容的相似程度列出，同一企业的排在最前；已不予立案或已并案的不列出。可作为并案参考。",
    "similar.none": "没有找到相似的案件",
    "similar.sameEnterprise": "同一企业",
    "similar.score": "相似度 {p}%",
    "similar.units.title": "办理过相似案件的单位",
    "similar.units.hint": "以下单位曾作为主办单位答复相似案件，可作为交办参考。",
    "similar.units.count": "答复过 {n} 件相似案件",
    "similar.units.none": "暂无办理过相似案件的单位",
  },
  en: {
    "search.label": "Search",
    "search.placeholder": "Words in the title, text or reply, e.g. 小镇, 融资",
    "search.submit": "Search",
    "search.clear": "Clear search",
    "search.results": "{n} cases match “{q}”, best match first",
    "search.none": "No case matches “{q}”",
    "search.hint":
      "Type Chinese words as they are (several words separated by spaces); English words match by their start.",
    "search.passage": "Matching passage",
    "similar.title": "Similar cases",
    "similar.hint":
      "Cases most alike in title and text, the same enterprise's first; rejected and merged cases are left out. A guide for merging.",
    "similar.none": "No similar case found",
    "similar.sameEnterprise": "Same enterprise",
    "similar.score": "{p}% alike",
    "similar.units.title": "Units that handled similar cases",
    "similar.units.hint": "These units led the reply to similar cases: a guide for dispatching.",
    "similar.units.count": "replied to {n} similar cases",
    "similar.units.none": "No unit has handled a similar case yet",
  },
};
