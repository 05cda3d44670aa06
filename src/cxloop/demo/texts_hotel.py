"""Hotel guests' comments in Chinese and English, by aspect and polarity, with slots.

Slots: {hotel} hotel name, {room} room number, {dish} a dish, {minutes}, {staff} a name, {night}
nights. Believable reviews, for the demo only.
"""

from __future__ import annotations

ZH_HOTEL: dict[str, dict[str, list[str]]] = {
    "timeliness": {
        "negative": [
            "办理入住等了{minutes}分钟，前台只有一个人",
            "叫了送餐，等了一个多小时才送到",
            "退房排长队，差点误了航班",
            "要了加床，晚上十点多才送来",
            "房间到下午四点还没打扫好，只能在大堂干等",
            "叫醒服务晚了半小时",
            "维修报了三次，{minutes}分钟后才有人来",
            "早餐排队取餐太久，餐厅人手不够",
        ],
        "positive": [
            "入住办理很快，两分钟就拿到房卡",
            "客房服务响应超快，十分钟就送到了",
            "提前到店也给安排了入住，太贴心了",
            "退房几乎不用等，很高效",
            "叫的毛巾五分钟就送上来了",
            "行李寄存取件很快",
            "晚到店房间也一直保留着，感谢",
            "报修后马上有人来处理",
        ],
    },
    "attitude": {
        "negative": [
            "前台态度冷淡，问什么都爱答不理",
            "服务员说话很不客气，体验很差",
            "投诉房间问题，经理还推卸责任",
            "餐厅服务员摆臭脸，像欠她钱一样",
            "行李员嫌小费少，脸色很难看",
            "电话打到前台，对方直接挂了",
            "对外国客人很热情，对我们就很敷衍",
            "保洁阿姨不敲门就进房间，还很不耐烦",
        ],
        "positive": [
            "前台{staff}非常热情，还帮忙推荐了附近的餐厅",
            "服务员很有礼貌，处处为客人着想",
            "得知我们过生日，还送了蛋糕，太感动了",
            "礼宾很热心，帮忙叫车还送伞",
            "员工都很友善，有宾至如归的感觉",
            "餐厅服务员记住了我们的口味，很用心",
            "客房服务小姐姐很贴心，给孩子准备了小礼物",
            "经理亲自道歉并处理，态度诚恳",
        ],
    },
    "environment": {
        "negative": [
            "房间有烟味，明明订的是无烟房",
            "床单上有头发，卫生太差",
            "隔音太差，隔壁说话听得清清楚楚",
            "卫生间有霉味，地漏反味",
            "窗外施工，早上七点就被吵醒",
            "地毯很脏，有污渍",
            "浴缸没刷干净，不敢用",
            "房间潮湿，被子都是潮的",
        ],
        "positive": [
            "房间干净整洁，床品很舒服",
            "{room}房间视野很好，能看到江景",
            "非常安静，睡得很好",
            "卫生做得很到位，一尘不染",
            "大堂装修很有格调，香氛很好闻",
            "房间宽敞明亮，布置温馨",
            "泳池和健身房都很干净",
            "环境优雅，闹中取静",
        ],
    },
    "facilities": {
        "negative": [
            "空调坏了，一晚上热得睡不着",
            "热水忽冷忽热，洗澡很难受",
            "WiFi信号很差，根本没法办公",
            "电视打不开，遥控器也没电",
            "电梯太少，高峰期等很久",
            "停车场车位太少，还要另收费",
            "房卡老是失灵，来回跑前台",
            "淋浴喷头漏水，浴室全是水",
        ],
        "positive": [
            "设施很新，智能控制很方便",
            "床垫很舒服，枕头还可以选",
            "网络很快，开视频会议没问题",
            "健身房器材齐全",
            "卫浴用品是大牌的，很惊喜",
            "停车方便，还有充电桩",
            "房间里有咖啡机和小冰箱，很实用",
            "智能马桶和遮光窗帘都很好",
        ],
    },
    "quality": {
        "negative": [
            "早餐品种太少，{dish}是凉的",
            "餐厅的{dish}太咸了，根本吃不下",
            "送餐的菜洒了一半",
            "衣服送洗后染色了，酒店不认账",
            "房间里的东西丢了，酒店说不负责",
            "预订的大床房到店变成了双床",
            "和图片差距太大，房间又小又旧",
            "{dish}里吃出了头发",
        ],
        "positive": [
            "早餐很丰富，{dish}特别好吃",
            "餐厅的{dish}很地道，推荐",
            "房间升级了，非常惊喜",
            "整体住得很满意，下次还来",
            "洗衣服务很好，衣服熨得很平整",
            "行政酒廊的下午茶很精致",
            "服务和房间都物超所值",
            "丢在房间的充电器酒店帮忙寄回来了",
        ],
    },
    "price": {
        "negative": [
            "价格太贵，性价比很低",
            "退房时多收了迷你吧的钱",
            "押金退了{night}天还没到账",
            "停车费比房费还贵",
            "节假日房价翻倍，设施却很旧",
            "早餐要另外收费，还不便宜",
            "预订时说含早，结果账单上单独收了",
            "取消订单被扣了全款",
        ],
        "positive": [
            "价格很实惠，性价比高",
            "会员价很划算，还送了早餐",
            "没有乱收费，账单清清楚楚",
            "押金秒退，很方便",
            "这个价格能住到这样的房间很值",
            "免费升级，太划算了",
        ],
    },
    "digital": {
        "negative": [
            "网上订的房，到店说没有记录",
            "APP上选房功能不能用",
            "自助入住机坏了，还是得排队",
            "小程序点餐一直付款失败",
            "电子发票开了好几天都没收到",
            "线上客服根本没人回复",
        ],
        "positive": [
            "手机自助入住很方便，不用排队",
            "小程序点餐很方便，送得也快",
            "电子发票立刻就开好了",
            "APP上能直接选房，体验很好",
            "线上客服回复很及时",
            "刷脸入住很快，科技感满满",
        ],
    },
    "communication": {
        "negative": [
            "房间变更也不提前说，到了才知道",
            "打了好几次前台电话都没人接",
            "说好回电处理投诉，一直没消息",
            "泳池维修没有提前通知",
            "服务员听不懂需求，沟通很费劲",
            "发消息问能否延迟退房，一直没回复",
        ],
        "positive": [
            "入住前主动发消息确认需求，很贴心",
            "有问题微信一问马上回复",
            "经理事后专门打电话回访",
            "每项服务都讲解得很清楚",
            "临时调整行程，酒店沟通很顺畅",
            "提前告知了周边交通和天气，很周到",
        ],
    },
    "safety": {
        "negative": [
            "半夜有人敲错门，安保不严",
            "前台把我的房号大声说出来了",
            "房门锁不牢，一推就开",
            "消防通道堆满了杂物",
            "泳池没有救生员",
            "我的入住信息被别人查到了",
        ],
        "positive": [
            "安保很好，刷卡才能上电梯",
            "独自出差住着很安心",
            "隐私保护做得很好",
            "消防设施齐全，标识清楚",
            "晚归也有保安护送到电梯口",
            "儿童安全措施很到位",
        ],
    },
}

EN_HOTEL: dict[str, dict[str, list[str]]] = {
    "timeliness": {
        "negative": [
            "Waited {minutes} minutes to check in, only one person at the front desk.",
            "Room service took over an hour to arrive.",
            "Our room was not ready until 4 pm even though we arrived at 2.",
            "Checkout queue was so long we almost missed our flight.",
        ],
        "positive": [
            "Check-in took two minutes, very efficient.",
            "Room service arrived in ten minutes, impressive.",
            "They let us check in early, which was a lifesaver.",
        ],
    },
    "attitude": {
        "negative": [
            "The front desk staff were rude and dismissive.",
            "When I complained, the manager just shrugged it off.",
            "The restaurant waiter was unfriendly and ignored us.",
            "Staff seemed annoyed by every question we asked.",
        ],
        "positive": [
            "{staff} at the front desk was incredibly helpful and warm.",
            "Lovely staff, they surprised us with a cake for our anniversary.",
            "The concierge went above and beyond to help us.",
            "Everyone was friendly and made us feel welcome.",
        ],
    },
    "environment": {
        "negative": [
            "The room smelled of smoke although we booked non-smoking.",
            "Hair on the sheets and a dirty bathroom. Not acceptable.",
            "Very thin walls, we could hear every word next door.",
            "Construction noise outside woke us up at 7 am.",
        ],
        "positive": [
            "Spotless room and a very comfortable bed.",
            "Great view of the river from room {room}.",
            "Quiet, clean and beautifully decorated.",
        ],
    },
    "facilities": {
        "negative": [
            "The air conditioning was broken and nobody fixed it.",
            "The Wi-Fi kept dropping, impossible to work.",
            "Hot water ran out every morning.",
            "Key card stopped working three times.",
        ],
        "positive": [
            "Modern room, the smart controls were easy to use.",
            "Fast Wi-Fi and a great gym.",
            "Excellent coffee machine and blackout curtains.",
        ],
    },
    "quality": {
        "negative": [
            "Breakfast was poor, the {dish} was cold.",
            "The room looked nothing like the photos, small and tired.",
            "They booked us a twin room instead of the king we paid for.",
            "Laundry came back damaged and the hotel refused responsibility.",
        ],
        "positive": [
            "Fantastic breakfast, the {dish} was delicious.",
            "We got a free upgrade, wonderful stay overall.",
            "Would definitely stay here again.",
        ],
    },
    "price": {
        "negative": [
            "Overpriced for what you get.",
            "We were charged for the minibar items we never used.",
            "Deposit still not refunded after {night} days.",
        ],
        "positive": [
            "Great value for money.",
            "Transparent bill, no hidden charges.",
        ],
    },
    "digital": {
        "negative": [
            "Our online booking could not be found at check-in.",
            "The app kept failing when I tried to pay.",
        ],
        "positive": [
            "Mobile check-in was seamless.",
            "The app made ordering room service easy.",
        ],
    },
    "communication": {
        "negative": [
            "Nobody answered the phone at reception.",
            "They promised to call back about my complaint and never did.",
        ],
        "positive": [
            "They messaged before arrival to ask about our needs, very thoughtful.",
            "Quick replies on WeChat whenever we asked something.",
        ],
    },
    "safety": {
        "negative": [
            "The door lock did not close properly, felt unsafe.",
            "Reception announced my room number loudly in the lobby.",
        ],
        "positive": [
            "Felt very safe, the lifts need a key card.",
            "Good security, comfortable travelling alone.",
        ],
    },
}

EN_GOV: dict[str, dict[str, list[str]]] = {
    "timeliness": {
        "negative": ["Waited {minutes} minutes for a simple {service} request."],
        "positive": ["Quick and efficient, done in fifteen minutes."],
    },
    "communication": {
        "negative": ["Nobody could explain the requirements in English."],
        "positive": ["The staff explained everything clearly in English, thank you."],
    },
    "process": {
        "negative": ["Too many documents required, I had to come back {n} times."],
        "positive": ["The one-window service made it simple."],
    },
}

DISHES = ["小笼包", "粥", "煎蛋", "咖啡", "牛排", "炒饭", "点心", "面条", "水果"]
DISHES_EN = ["eggs", "coffee", "porridge", "pastries", "bacon", "noodles", "fruit"]
