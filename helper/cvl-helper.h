// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_HELPER_H
#define SAGIN_CVL_HELPER_H

#include "split-controller-helper.h"

#include "ns3/application-container.h"
#include "ns3/association-manager.h"
#include "ns3/attribute.h"
#include "ns3/cvl-context.h"
#include "ns3/device-profile.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/split-cost-model.h"

#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Installs the cross-view localization applications of a scenario: a
 *        CvlServerApplication on each base station, a CvlReferenceApplication on each
 *        satellite, and a CvlQueryApplication with a split controller on each UAV or vehicle.
 *
 * Every application gets the helper's CvlContext; the queries also get its AssociationManager.
 * The attributes of each kind of application are set with SetServerAttribute(),
 * SetReferenceAttribute() and SetQueryAttribute() (e.g. the query "Profile" and "Images" of a
 * role: set them, then install that role's nodes). The controllers are made by a
 * SplitControllerHelper (SetController(); default ns3::sagin::FixedSplitController) and
 * configured with one cost model shared by all of them: SetCostModel()'s, or one that
 * SetDefaultCostModel() builds from the context's split profile. InstallQueries() builds the
 * default one (UAV quadro-p400, vehicle drive-agx-xavier, server edge-server, the context's
 * codec) when none was set.
 *
 * A controller that can serve many nodes (SplitController::IsShareable(), the learning
 * controllers) is created once and installed on every query of every InstallQueries() call,
 * until SetController() or a cost model changes; others are created per node.
 *
 * @code
 *   CvlHelper cvl(context, association);
 *   cvl.SetController(controllers);
 *   cvl.SetQueryAttribute("Interval", TimeValue(Seconds(2)));
 *   ApplicationContainer servers = cvl.InstallServers(baseStations);
 *   ApplicationContainer references = cvl.InstallReferences(satellites);
 *   ApplicationContainer queries = cvl.InstallQueries(NodeContainer(uavs, vehicles));
 *   cvl.AssignStreams(queries, 1000);
 * @endcode
 *
 * The applications are not started: the script calls Start() and Stop() on the containers.
 * Errors are one-line std::invalid_argument messages starting with "CvlHelper: ", where ns-3
 * would abort.
 */
class CvlHelper
{
  public:
    /**
     * @param context the scenario's shared context
     * @param association the scenario's association manager (serving base stations)
     * @throws std::invalid_argument when either is null
     */
    CvlHelper(Ptr<CvlContext> context, Ptr<AssociationManager> association);

    /**
     * @brief Set an attribute of the CvlServerApplications.
     * @param name the attribute's name, e.g. "MatchThreshold"
     * @param value its value
     * @throws std::invalid_argument when there is no such attribute or the value is refused
     */
    void SetServerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @brief Set an attribute of the CvlQueryApplications.
     * @param name the attribute's name, e.g. "Interval"
     * @param value its value
     * @throws std::invalid_argument when there is no such attribute or the value is refused
     */
    void SetQueryAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @brief Set an attribute of the CvlReferenceApplications.
     * @param name the attribute's name, e.g. "ImagingElevationDeg"
     * @param value its value
     * @throws std::invalid_argument when there is no such attribute or the value is refused
     */
    void SetReferenceAttribute(const std::string& name, const AttributeValue& value);

    /// @param controllers makes the split controllers of the queries (copied)
    void SetController(const SplitControllerHelper& controllers);

    /// @return the helper that makes the split controllers
    const SplitControllerHelper& GetController() const;

    /**
     * @param costModel the cost model every controller is configured with
     * @throws std::invalid_argument when null
     */
    void SetCostModel(Ptr<SplitCostModel> costModel);

    /**
     * @brief Build and set the default cost model: the context's split profile (the context
     *        is prepared, CvlContext::Prepare()) and codec, a device profile for the roles
     *        "uav" and "vehicle", and the edge server's profile.
     * @param uav compute profile of the UAVs
     * @param vehicle compute profile of the vehicles
     * @param server compute profile of the edge servers
     * @return the cost model
     * @throws std::invalid_argument when a profile is null or the context cannot be prepared
     */
    Ptr<SplitCostModel> SetDefaultCostModel(Ptr<DeviceProfile> uav,
                                            Ptr<DeviceProfile> vehicle,
                                            Ptr<DeviceProfile> server);

    /// @return the cost model, null before SetCostModel(), SetDefaultCostModel() or
    ///         InstallQueries()
    Ptr<SplitCostModel> GetCostModel() const;

    /**
     * @param nodes base stations
     * @return one CvlServerApplication per node, added to it
     * @throws std::invalid_argument for a null node
     */
    ApplicationContainer InstallServers(const NodeContainer& nodes) const;

    /**
     * @param nodes satellites
     * @return one CvlReferenceApplication per node, added to it
     * @throws std::invalid_argument for a null node
     */
    ApplicationContainer InstallReferences(const NodeContainer& nodes) const;

    /**
     * @brief Install a query application on each node, with a controller of its own
     *        configured with the cost model.
     * @param nodes UAVs and vehicles
     * @return one CvlQueryApplication per node, added to it
     * @throws std::invalid_argument for a null node, or when the controller refuses the cost
     *         model
     */
    ApplicationContainer InstallQueries(const NodeContainer& nodes);

    /**
     * @brief Fix the random-number streams of the query applications among @p applications
     *        and of their controllers: for each one in order, its controller's streams, then
     *        its own. Other applications use no random numbers and are skipped.
     * @param applications applications installed by this helper
     * @param stream first stream index
     * @return the number of streams used
     */
    int64_t AssignStreams(const ApplicationContainer& applications, int64_t stream) const;

  private:
    /**
     * @param factory the factory of one kind of application
     * @param name the attribute's name
     * @param value its value
     * @throws std::invalid_argument "CvlHelper: what is wrong"
     */
    static void SetAttribute(ObjectFactory& factory,
                             const std::string& name,
                             const AttributeValue& value);

    Ptr<CvlContext> m_context;             //!< shared context
    Ptr<AssociationManager> m_association; //!< serving base stations
    ObjectFactory m_server;                //!< server applications
    ObjectFactory m_query;                 //!< query applications
    ObjectFactory m_reference;             //!< reference applications
    SplitControllerHelper m_controllers;   //!< makes the controllers
    Ptr<SplitController> m_shared;         //!< the controller of all queries, when shareable
    Ptr<SplitCostModel> m_costModel;       //!< the controllers' cost model
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_HELPER_H
