/// The default body of a history page, as Mustache over `FleetViews.History`. A site themes it with
/// `Templates/fleet-history.mustache`; the body goes into `fleet.mustache` (or `page.mustache`).
enum HistoryTemplates {
    static let name = "fleet-history"

    static let history = """
        <p>The key figures of <a href="{{guideURL}}">{{guide}}</a> in each of its {{runCount}} runs, oldest first; each is the median with the uncertainty its guide showed. The guide shows the newest run.</p>
        <div class="table-scroll">
        <table class="results fleet-compare fleet-history">
        <thead>
        <tr><th scope="col">Figure</th>{{#runs}}<th scope="col">{{#url}}<a href="{{url}}">{{label}}</a>{{/url}}{{^url}}{{label}}{{/url}} <span class="fleet-note">{{source}}</span></th>{{/runs}}</tr>
        </thead>
        <tbody>
        {{#figures}}
        <tr><th scope="row">{{title}}</th>{{#cells}}{{#missing}}<td class="num missing">— <span class="fleet-note">{{missing}}</span></td>{{/missing}}{{^missing}}<td class="num">{{text}}{{#note}} <span class="fleet-note">{{note}}</span>{{/note}}{{#notComparable}} <span class="fleet-note">{{notComparable}}</span>{{/notComparable}}</td>{{/missing}}{{/cells}}</tr>
        {{/figures}}
        </tbody>
        </table>
        </div>

        """
}
