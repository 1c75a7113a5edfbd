"""Page widgets left in an article as lines of their own, known by their words.

Extractors keep what sits inside an article's container, and pages put their
widgets there: share and follow buttons ("Share on Facebook", "转播到腾讯微博"), comment
counts ("12 Comments"), reading times ("5 min read"), gallery counters and prices
("14", "3 / 12", "from $610.00"), photo credits ("Photograph: Jane Doe/Reuters",
"(Bild: Hersteller)"), advert labels and offers ("Advertisement", "Sky Ticket für 9,99
statt 29,99 Euro"), newsletter sign-ups ("Sign up for our newsletter", "By signing up
you agree to our Terms"), prompts ("Like this story? Share it with a friend!", "Was this
article helpful?") and promotions of other articles ("Related: <a headline>", "Also on
example.com <a headline>").

Each rule reads one block, its words and its shape, never a site, and leans towards
keeping:

* a **widget line** is short and made only of a widget's words (share, tweet, print,
  comments, follow, min read... in several languages), the names of social networks,
  numbers and a few small words, with at least one action among them; "Share prices
  fell" has a word no widget has and stays;
* **counters and prices** are lines with no words but a few counting ones;
* a **credit** is a line that is only "Photo: <a name>", "© <a name>", a news agency
  or "<Name Surname>/<Agency>"; a caption's trailing credit is cut off the caption;
* an **offer** names a price and a discount and does not end like a sentence;
* a **sign-up** asks the reader to subscribe to "our" newsletter, or is the small print
  under such a form;
* a **promotion** is a "Related:" or "Lire aussi :" label followed by a headline (short,
  not ending in a full stop, or all link). "See also:" is the author's own and stays.

Only paragraphs and list items are judged (headings at an article's edges, where
:mod:`.boilerplate` trims them); anything long is article text.
"""

from __future__ import annotations

import dataclasses
import re

from reader.core.document import Block, Span

WIDGET_CHARS = 80  # a widget line is never longer
CREDIT_CHARS = 90
PROMO_CHARS = 200  # "Related: <headline>" lines
OFFER_CHARS = 120
SIGNUP_CHARS = 220
PROMPT_CHARS = 90
PROMO_LINKS = 0.6  # a promotion whose headline is this much link needs no other sign
LONGEST = max(WIDGET_CHARS, CREDIT_CHARS, PROMO_CHARS, OFFER_CHARS, SIGNUP_CHARS, PROMPT_CHARS)


def _words(text: str) -> frozenset[str]:
    """Words written as one whitespace-separated string."""
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words that act: a widget line holds at least one.
_ACTIONS = _words(
    """
    share shares shared sharing tweet tweets retweet email e-mail mail print printer follow
    like likes comment comments reply replies respond save saved bookmark bookmarks pin
    subscribe listen copy copied gift send flip recommend recommends read reading min
    mins minute minutes enlarge expand zoom fullscreen download downloads view show hide
    load leave add write join discuss conversation discussion watch play replay
    teilen geteilt drucken kommentar kommentare kommentieren merken folgen twittern
    versenden senden empfehlen lesezeit anhören vorlesen speichern diskutieren mitdiskutieren
    diskussion vergrößern hinzufügen merkliste startseite
    partager partagez partage imprimer commenter commentaire commentaires réagir réagissez
    suivre suivez envoyer enregistrer lecture écouter lire ajouter favoris
    compartir comparte compartido imprimir comentar comentarios comentario seguir síguenos
    guardar enviar lectura escuchar
    condividi condividere stampa commenta commenti segui seguici salva invia lettura
    compartilhe compartilhar partilhar partilhe comentários siga salvar
    delen deel printen reageer reacties volg bewaar
    """
)
_CHANNELS = _words(
    """
    facebook twitter x instagram linkedin youtube tiktok whatsapp telegram mastodon bluesky
    threads pinterest reddit tumblr flipboard pocket xing vk weibo wechat line messenger
    google sms rss feed hacker news hn mix digg
    """
)
_SMALL_WORDS = _words(
    """
    this the a an on to via by with in of it or and your our us me now here click tap
    article story post page link new window tab opens open time more all see loading friend
    friends video videos audio podcast
    diesen dieser diese den die das der auf per uns sie jetzt hier zum zur artikel beitrag
    seite link neuem fenster bild
    cet cette ce sur par nous le la les l lien nouvelle fenêtre de du temps à mes plus tard
    este esta en por nos el la enlace artículo nueva ventana de tiempo ver
    questo questa su per ci il lo articolo
    deze dit op via ons het
    """
)
_CJK_WIDGET = re.compile(
    r"(?:分享到|分享至|分享|转播到|转发到|转发|轉發|转载|收藏|打印|评论|評論|纠错|糾錯|点赞|點讚|关注|關注"
    r"|腾讯微博|新浪微博|微博|微信|朋友圈|QQ空间|QQ|豆瓣|扫一扫|二维码|シェア|ツイート|ブックマーク"
    r"|はてな|印刷|コメント|いいね|フォロー|LINEで送る|공유하기|공유|댓글|인쇄|스크랩|구독"
    r"|[\s:：|｜/·•,，、\d])+"
)

_COUNTER = re.compile(
    r"^[\s(\[]*(?:(?:photos?|images?|pictures?|slides?|bild|bilder|fotos?|imagen|imágenes"
    r"|immagine|immagini|diapositiva)\s*)?\d{1,4}(?:\s*(?:/|／|of|von|de|sur|di|из|van)\s*\d{1,4})?"
    r"(?:\s*(?:photos?|images?|pictures?|slides?|bilder|fotos|imágenes|immagini|张|圖|图))?"
    r"[\s)\]]*$",
    re.IGNORECASE,
)
_PRICE = r"(?:[$€£¥₹]\s?\d[\d.,]*|\d[\d.,]*\s?(?:[$€£¥₹]|euro?s?|eur|usd|dollars?|gbp|chf))"
_PRICE_LINE = re.compile(
    rf"^\s*(?:(?:from|only|now|ab|nur|dès|desde|da|a partir de|à partir de)\s+)?{_PRICE}\s*$",
    re.IGNORECASE,
)
_PRICE_IN = re.compile(rf"{_PRICE}|\d+[.,]\d\d\b", re.IGNORECASE)
_DISCOUNT = re.compile(
    r"\d+\s?%|\b(?:statt|instead of|was|save|sparen|rabatt|discount|off|réduction|remise"
    r"|au lieu de|descuento|en vez de|sconto|invece di|korting)\b",
    re.IGNORECASE,
)
_GALLERY = re.compile(
    r"^(?:(?:view|open|see|launch|browse|start)\s+(?:the\s+)?(?:full\s+)?(?:photo\s+)?"
    r"(?:gallery|slideshow|all\s+\d+\s+(?:photos|images|pictures))|(?:photo\s+)?gallery"
    r"|slideshow|bildergalerie|fotostrecke|galerie|galería|galleria|图集|圖集|组图|写真"
    r"|(?:gallery|galerie|galería|slideshow)\s*[:|–-].{0,80}\d+\s*(?:photos|images|pictures|fotos"
    r"|bilder|imágenes))$",
    re.IGNORECASE,
)
_AD_LABEL = re.compile(
    r"^[\s\-–—(\[]*(?:advertisement|advertising|advert|ad|ads|sponsored|sponsored content"
    r"|paid content|paid post|promoted|promoted content|partner content|anzeige|werbung"
    r"|publicité|publicidad|pubblicità|publicidade|advertentie|реклама|广告|廣告|広告|광고"
    r"|(?:story|article|content) continues below(?: this)?(?: advertisement| ad)?"
    r"|(?:continue reading|scroll to continue)(?: with content)? below(?: advertisement)?"
    r"|powered by\s+\S+(?:\s+\S+){0,2})"
    r"(?:\s*[-–—:|]\s*(?:scroll (?:down )?to continue(?: reading)?|continue reading below))?"
    r"[\s\-–—)\]]*$",
    re.IGNORECASE,
)
# Credits: "Photo: Jane Doe", "(Bild: Hersteller)", "Photograph: Jane Doe/Reuters".
_CREDIT_LABEL = (
    r"(?:photo(?:graph)?s?|photo credit|image|images|picture|pic|illustration|graphic"
    r"|credits?|foto(?:s|grafie)?|bild(?:er)?|bildquelle|imagen|crédits?(?: photo)?|crédit"
    r"|fotografía|immagine|照片|图片|圖片|写真|图)"
)
_CREDIT_LINE = re.compile(
    rf"^[\s(\[]*{_CREDIT_LABEL}\s*(?:by\s+|[:：]\s*)[^.!?。]{{1,70}}[\s)\]]*$", re.IGNORECASE
)
_AGENCIES = (
    r"(?:getty(?: images)?|afp|ap|ap photo|reuters|epa|efe|dpa|ansa|anp|picture alliance"
    r"|picture-alliance|shutterstock|istock(?:photo)?|alamy|bloomberg|xinhua|pa|pa images"
    r"|pa wire|keystone|imago|aap|corbis|rex|rex features|sipa|nurphoto|zuma|unsplash"
    r"|adobe stock|wikimedia commons|dapd|ddp|kna|epd|tass|ria novosti|kyodo|yonhap)"
)
_AGENCY_LINE = re.compile(
    rf"^[\s(\[]*(?:[^\s/|]+(?:\s+[^\s/|]+){{0,3}}\s*[/|]\s*)*{_AGENCIES}"
    rf"(?:\s*[/|]\s*[^\s/|]+(?:\s+[^\s/|]+){{0,2}})*[\s)\]]*$",
    re.IGNORECASE,
)
_SOURCE_AGENCY = re.compile(
    rf"^\W*(?:source|sources|quelle|fuente|fonte|source photo)\s*[:：]\s*{_AGENCIES}(?:\s*[,/;]\s*"
    rf"{_AGENCIES})*\W*$",
    re.IGNORECASE,
)
_NAME_SLASH_ORG = re.compile(
    r"^\s*[A-ZÀ-Þ][\w.'’-]+(?:\s+[A-ZÀ-Þ][\w.'’-]+){1,3}\s*/\s*[A-ZÀ-Þ][\w.&'’-]*"
    r"(?:\s+[A-ZÀ-Þ][\w.&'’-]*){0,3}\s*$"
)
_COPYRIGHT_CREDIT = re.compile(r"^[\s(\[]*(?:©|\(c\)|copyright\b)\s*[^.!?。]{1,60}[\s)\]]*$", re.I)
# A caption's trailing credit: "<caption>. Photograph: Jane Doe/Reuters", "... Foto: dpa".
_TRAILING_CREDIT = re.compile(
    rf"(?:\s+|(?<=[.!?。)]))[(\[]?(?:{_CREDIT_LABEL}\s*(?:by\s+|[:：]\s*)|©\s*)"
    r"[^.!?。:：]{1,60}[)\]]?\s*$",
    re.IGNORECASE,
)

_SIGNUP = re.compile(
    r"^\W*(?:sign\s*up|subscribe|register|join|get|receive|enter your e-?mail|don[’']t miss"
    r"|never miss|stay (?:up to date|informed|in the loop)|want (?:more|the latest)"
    r"|jetzt|melden sie sich|abonnieren sie|inscrivez-vous|abonnez-vous|suscr[íi]bete"
    r"|reg[íi]strate|iscriviti|assine|inscreva-se|schrijf je in)\b.{0,160}"
    r"\b(?:newsletters?|inbox|e-?mail updates|digest|briefing|infolettre|boletín|notiziario)\b",
    re.IGNORECASE,
)
_SIGNUP_BUTTON = re.compile(
    r"^\W*(?:newsletter|infolettre|boletín)\s+(?:abonnieren|bestellen|s[’']abonner|suscribirse"
    r"|abonneren)\W*$",
    re.IGNORECASE,
)
_SIGNUP_OURS = re.compile(
    r"\b(?:our|my|free|weekly|daily|the best of|delivered|unser(?:en)?|notre|nuestro|la nostra"
    r"|kostenlos|gratuit|gratis|jetzt|now)\b",
    re.IGNORECASE,
)
_SMALL_PRINT = re.compile(
    r"^\W*(?:by (?:signing up|subscribing|submitting|clicking|registering|entering)"
    r"|you (?:can|may) unsubscribe at any time|thank(?:s| you) for (?:signing up|subscribing)"
    r"|you(?:[’']re| are) (?:now )?(?:signed up|subscribed)|already (?:a subscriber|subscribed)"
    r"|(?:please )?check your inbox|mit (?:der|ihrer) anmeldung|en vous inscrivant"
    r"|al suscribirte)\b",
    re.IGNORECASE,
)
_INBOX = re.compile(
    r"\b(?:in|to|into) your inbox\b"
    r"|\bdelivered (?:to you|to your|straight|every|daily|weekly|free)",
    re.IGNORECASE,
)
_PITCH = re.compile(
    r"\b(?:our|free|sign up|subscribe|newsletter|best of|highlights|top stories|the latest)\b",
    re.IGNORECASE,
)
_COMMENT_FORM = re.compile(
    r"^\W*(?:comments? (?:are|is) (?:now )?(?:closed|disabled)|commenting (?:is|has been)"
    r" (?:closed|disabled)|you must be (?:logged|signed) in to (?:post a )?comment"
    r"|(?:log|sign) in to (?:comment|reply|join the (?:conversation|discussion))"
    r"|be the first to comment|no comments(?: yet)?|your email address will not be published"
    r"|required fields are marked|leave a reply(?: cancel reply)?"
    r"|(?:die )?kommentar(?:e|funktion) (?:ist|sind|wurde) (?:geschlossen|deaktiviert)"
    r"|les commentaires sont fermés|los comentarios están cerrados)\b",
    re.IGNORECASE,
)
_PAYWALL = re.compile(
    r"^\W*(?:you(?:['’]ve| have) (?:\d+|one|two|three|no) (?:more )?(?:free )?(?:articles?"
    r"|stories) (?:left|remaining)|(?:this (?:article|story|content) is )?(?:for|available to"
    r"|exclusive to|only for) (?:subscribers|members)(?: only)?\W*$|subscribe (?:now |today )?"
    r"(?:to|for) (?:continue reading|unlimited|full access|read the full|access)|already"
    r" (?:a subscriber|have an account)|create (?:a free|an) account to (?:continue|read)"
    r"|créez-vous un compte|il vous reste \d+ articles?|jetzt (?:weiterlesen|abonnieren)"
    r"|weiterlesen mit)",
    re.IGNORECASE,
)
_PLAYER = re.compile(
    r"^\W*(?:media playback is (?:unsupported|not supported) on your device|your browser does not"
    r" support (?:the )?(?:video|audio|html5 video|iframes?)(?: (?:element|tag))?|please enable"
    r" javascript to (?:view|watch|see)|this video is (?:unavailable|not available)|video"
    r" unavailable|a post shared by .{1,80}|view this post on instagram"
    r"|(?:image|photo|picture) (?:copyright|credit|source)\b.{0,60})\W*$",
    re.IGNORECASE,
)
_SHARE_PROMPT = re.compile(
    r"(?:^|[.?!,]\s+)(?:please\s+)?(?:share|teilen sie|partagez|comparte|condividi)\b"
    r".{0,50}\b(?:friends?|this (?:story|article|post|page)|it|freunden|amis|amigos|amici)\b",
    re.IGNORECASE,
)
_FEEDBACK_WORDS = re.compile(
    r"\b(?:helpful|useful|enjoy(?:ed)?|like[ds]?|hilfreich|nützlich|gefallen|gefällt|utile"
    r"|útil|gustado|gusta|piaciuto|interesting|interessant)\b|有帮助|有用|喜欢|相关度|相關度",
    re.IGNORECASE,
)
_THIS_ARTICLE = re.compile(
    r"\b(?:this|the) (?:article|story|post|page|piece)\b|\bdies(?:er|en|es) (?:artikel|beitrag)\b"
    r"|\bcet article\b|\beste artículo\b|\bquesto articolo\b|\beste artigo\b"
    r"|这篇文章|這篇文章|本文|この記事",
    re.IGNORECASE,
)
_ERRATA = re.compile(
    r"^\W*(?:rate this (?:article|story|post)|report (?:an error|a typo|a correction)"
    r"|(?:fehler|tippfehler) (?:melden|gefunden\??)|signaler une erreur"
    r"|(?:have you |you've )?(?:spotted|found|noticed) an? (?:typo|error|mistake)\?"
    r"(?:\s*(?:let us know|tell us|report it|contact us|email us)\b.{0,30})?)\W*$",
    re.IGNORECASE,
)
_PROMO_LABEL = re.compile(
    r"^\W*(?:related|read more|read also|also read|read next|more|recommended|watch|video"
    r"|listen|trending|popular|top story|lire aussi|à lire aussi|a lire aussi|lire|voir aussi"
    r"|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|leer más|lee también"
    r"|lea también|ver también|leia também|leia mais|leggi anche|lees ook|lees meer"
    r"|читайте также|相关阅读|相关新闻|延伸阅读|推荐阅读|相關閱讀|延伸閱讀|関連記事|관련기사"
    r"|(?P<site>(?:also|more) (?:on|from|at) \S+))\b\s*(?P<sep>[:：»›|–—-])?\s*",
    re.IGNORECASE,
)
_FULL_STOP = re.compile(r"[.。]\W*$")
_FOLLOW = re.compile(
    r"^\W*(?:follow|suivez|suivre|folgen sie|folgt|siga|segui|seguici|síguenos|sigue a|volg)\b"
    r"(?:\s+\S+){0,5}?\s+(?:on|sur|auf|bei|en|su|no|op|via)\s+"
    r"(?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|mastodon|bluesky|threads"
    r"|telegram|whatsapp)\b",
    re.IGNORECASE,
)
_HANDLES = re.compile(r"@\w+|https?://\S+|\S+@\S+\.\w+")
_CJK_FOLLOW = re.compile(
    r"(?:关注|關注|扫码关注|分享到|分享至|转播到|转发到|轉發到)[\u4e00-\u9fffA-Za-z]{1,10}"
)
_LETTER = re.compile(r"[^\W\d_]")
# At an article's edges only: rights notices and the desk's credits.
_RIGHTS = re.compile(
    r"^\W*(?:©|\(c\)|copyright\b)|(?:all rights reserved|alle rechte vorbehalten"
    r"|tous droits réservés|todos los derechos reservados|tutti i diritti riservati"
    r"|todos os direitos reservados|版权所有|版權所有|未经授权|未經授權|不得转载|不得轉載|無断転載"
    r"|転載を禁|禁止转载)",
    re.IGNORECASE,
)
_DESK_CREDIT = re.compile(
    r"^[\s\[【(（]*(?:责任编辑|責任編輯|编辑|編輯|实习编辑|校对|来源|來源|作者)\s*[:：].{1,30}$"
)
RIGHTS_CHARS = 250


def widget_kind(block: Block) -> str | None:
    """The kind of page widget ``block`` is ("widget", "credit", ...), or None."""
    if block.kind not in ("paragraph", "list_item"):
        return None
    text = block.text.strip()
    if not text or len(text) > LONGEST:
        return None
    for kind, test in _RULES:
        if test(text, block):
            return kind
    return None


def is_widget_heading(block: Block) -> bool:
    """A heading that is a widget's words ("Comments", "Share this"), judged at edges."""
    if block.kind != "heading":
        return False
    text = block.text.strip()
    return _is_widget_line(text, block) or _is_promo_heading(text)


def is_edge_clutter(block: Block) -> bool:
    """A rights notice or a desk credit ("[责任编辑：X]"): clutter at an article's edges."""
    if block.kind not in ("paragraph", "list_item"):
        return False
    text = block.text.strip()
    if len(text) <= RIGHTS_CHARS and _RIGHTS.search(text):
        return True
    return bool(_DESK_CREDIT.match(text))


def strip_credit(block: Block) -> Block:
    """``block`` without a photo credit at the end of its text ("... Foto: dpa")."""
    if block.kind not in ("paragraph", "list_item", "caption") or len(block.text) > 400:
        return block
    found = _TRAILING_CREDIT.search(block.text)
    if found is None or found.start() < 10:
        return block
    end = found.start()
    while end and block.text[end - 1] == " ":
        end -= 1
    spans = tuple(
        Span(span.start, min(span.end, end), span.kind, span.href)
        for span in block.spans
        if span.start < end
    )
    return dataclasses.replace(block, text=block.text[:end], spans=spans)


def link_share(block: Block, start: int = 0) -> float:
    """The share of ``block.text[start:]`` that is link text."""
    length = len(block.text) - start
    if length <= 0:
        return 0.0
    covered = [False] * length
    for span in block.spans:
        if span.kind == "link":
            for k in range(max(span.start, start), span.end):
                covered[k - start] = True
    return sum(covered) / length


# -- the rules ---------------------------------------------------------------------------

_KNOWN = _ACTIONS | _CHANNELS | _SMALL_WORDS
# "Read", "Like" or "Save" alone could be a word of the article: more sign needed.
_WEAK_ALONE = _words(
    "read reading like likes save saved send copy gift listen more watch play lire"
)


def _is_widget_line(text: str, block: Block) -> bool:
    if len(text) > WIDGET_CHARS:
        return False
    if _FOLLOW.match(text) and not _FULL_STOP.search(text):
        return True  # "Follow Ada Brook on Twitter: @adabrook"
    if _CJK_WIDGET.fullmatch(text) or _CJK_FOLLOW.fullmatch(text):
        return bool(_LETTER.search(text))
    words = [w.lower() for w in _WORD.findall(_HANDLES.sub(" ", text))]
    if not words or not all(w in _KNOWN for w in words):
        return False
    actions = sum(1 for w in words if w in _ACTIONS)
    channels = sum(1 for w in words if w in _CHANNELS)
    if channels >= 2 or (channels == len(words) == 1 and link_share(block) >= 0.8):
        return True  # "Facebook Twitter Email", or a button "Twitter"
    return actions >= 1 and (len(words) >= 2 or channels > 0 or words[0] not in _WEAK_ALONE)


def _is_counter(text: str, block: Block) -> bool:
    if len(text) > 100:
        return False
    if len(text) <= 40 and (_COUNTER.match(text) or _PRICE_LINE.match(text)):
        return True
    return bool(_GALLERY.match(text))


def _is_ad_label(text: str, block: Block) -> bool:
    if len(text) <= 60 and _AD_LABEL.match(text):
        return True
    return len(text) <= 120 and bool(_PLAYER.match(text))


def _is_credit(text: str, block: Block) -> bool:
    if len(text) > CREDIT_CHARS:
        return False
    if _CREDIT_LINE.match(text) or _COPYRIGHT_CREDIT.match(text) or _SOURCE_AGENCY.match(text):
        return True
    return bool(_AGENCY_LINE.match(text) or _NAME_SLASH_ORG.match(text))


def _is_offer(text: str, block: Block) -> bool:
    """A price and a discount, not a sentence: an advert (a deal list's items stay)."""
    if block.kind != "paragraph" or len(text) > OFFER_CHARS or _FULL_STOP.search(text):
        return False
    return bool(_PRICE_IN.search(text) and _DISCOUNT.search(text))


def _is_signup(text: str, block: Block) -> bool:
    if len(text) > SIGNUP_CHARS:
        return False
    if _SMALL_PRINT.match(text) or _SIGNUP_BUTTON.match(text) or _PAYWALL.match(text):
        return True
    if len(text) <= 140 and _INBOX.search(text) and _PITCH.search(text):
        return True  # "Our best stories, in your inbox every morning."
    return bool(_SIGNUP.match(text) and (_SIGNUP_OURS.search(text) or _NAMED_LETTER.search(text)))


def _is_prompt(text: str, block: Block) -> bool:
    if len(text) > PROMPT_CHARS:
        return False
    if _SHARE_PROMPT.search(text) or _ERRATA.match(text) or _COMMENT_FORM.match(text):
        return True
    question = text.rstrip().endswith(("?", "？"))
    return question and bool(_FEEDBACK_WORDS.search(text) and _THIS_ARTICLE.search(text))


def _is_promotion(text: str, block: Block) -> bool:
    """ "Related: <headline>", "Also on example.com <headline>": another article's title."""
    if len(text) > PROMO_CHARS:
        return False
    label = _PROMO_LABEL.match(text)
    if label is None:
        return False
    rest = text[label.end() :].strip()
    if len(rest.split()) < 2 and len(rest) < 8:
        return False  # "More", "Watch it": not a label over a headline
    start = block.text.index(text) + label.end()
    if link_share(block, start) >= PROMO_LINKS:
        return True
    headline = not _FULL_STOP.search(rest) and len(rest) <= 150
    return headline and bool(label.group("sep") or label.group("site"))


def _is_promo_heading(text: str) -> bool:
    """ "精彩视频推荐", "相关新闻": a heading over recommendations, in Chinese."""
    return bool(_CJK_PROMO.fullmatch(text))


_CJK_PROMO = re.compile(
    r"(?:相关|相關|推荐|推薦|精彩|热门|熱門|热点|熱點|更多|延伸|最新|猜你)[\u4e00-\u9fff]{0,4}"
    r"(?:推荐|推薦|阅读|閱讀|新闻|新聞|文章|视频|視頻|喜欢|图片|圖片)"
)
_NAMED_LETTER = re.compile(r"\bthe (?:[A-Z][\w’'&-]*\s+){1,4}(?:newsletter|briefing|digest)")

_RULES = (
    ("widget", _is_widget_line),
    ("counter", _is_counter),
    ("advert", _is_ad_label),
    ("credit", _is_credit),
    ("offer", _is_offer),
    ("signup", _is_signup),
    ("prompt", _is_prompt),
    ("promotion", _is_promotion),
    ("promotion", lambda text, block: _is_promo_heading(text)),
)
